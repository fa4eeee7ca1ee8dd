#!/usr/bin/env bash
# Regenerates Sources/AccessLogsOTLP/otlp_logs_subset.pb.swift from its .proto. Run by hand after
# changing the .proto, never in CI: the generated file is committed so that builds need neither
# protoc nor the plugin.
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and protoc-gen-swift built from
# apple/swift-protobuf at the version Package.swift names, outside this repository:
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   git -C /tmp/swift-protobuf checkout 1.39.0
#   (cd /tmp/swift-protobuf && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift scripts/generate-otlp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift || true)}"
if [[ -z "$plugin" || ! -x "$plugin" ]]; then
  echo "set PROTOC_GEN_SWIFT to a built protoc-gen-swift (see the comment at the top of this script)" >&2
  exit 1
fi
protoc --plugin=protoc-gen-swift="$plugin" \
  --proto_path=Sources/AccessLogsOTLP/Protos \
  --swift_out=Sources/AccessLogsOTLP \
  --swift_opt=Visibility=Package \
  otlp_logs_subset.proto
echo "wrote Sources/AccessLogsOTLP/otlp_logs_subset.pb.swift"
