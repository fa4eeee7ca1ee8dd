import Metrics
import Prometheus
import ServiceLifecycle
import Hummingbird
