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
rm -rf "$out" && mv "$tmp" "$out"
trap - EXIT
echo "gen-proto-types: $(find "$out" -name '*.ts' | wc -l) files in src/connect/proto"
