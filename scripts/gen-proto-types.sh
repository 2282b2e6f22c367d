#!/usr/bin/env bash
# Generate TypeScript interfaces for the protos in proto/ (committed under
# src/connect/proto/). The options here must match the loader options in
# src/connect/transport/protos.ts, since they decide how messages look in JS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/src/connect/proto"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
npx --no-install proto-loader-gen-types \
  --longs=String --enums=String --defaults=false --oneofs --grpcLib=@grpc/grpc-js \
  --importFileExtension=.js -I proto -O "$tmp" \
  spark/connect/base.proto google/rpc/status.proto google/rpc/error_details.proto
# The transport is our own (src/connect/transport/channel.ts), not grpc-js: drop the generated
# grpc-js client stub and package types, the only files that import it.
rm -f "$tmp/base.ts" "$tmp/status.ts" "$tmp/error_details.ts" "$tmp/spark/connect/SparkConnectService.ts"
rm -rf "$out" && mv "$tmp" "$out"
trap - EXIT
echo "gen-proto-types: $(find "$out" -name '*.ts' | wc -l) files in src/connect/proto"
