#!/usr/bin/env bash
# Re-extract the Spark Connect .proto files from the release jar of the pinned
# Spark version (spark-runtime/pom.xml), unchanged, into proto/. Run on every
# version bump, then `npm run proto:types`.
#
# The spark-connect jar carries the protocol sources (spark/connect/*.proto) and
# the google/rpc protos that describe error details; both are copied verbatim.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/spark-runtime/pom.xml")
[ -n "$version" ] || { echo "extract-protos: no <spark.version> in spark-runtime/pom.xml" >&2; exit 1; }
command -v mvn >/dev/null || { echo "extract-protos: Maven (mvn) is required" >&2; exit 1; }
# `jar` comes with the JDK that Maven needs: no unzip to install.
command -v jar >/dev/null || { echo "extract-protos: jar (from the JDK) is required" >&2; exit 1; }

artifact="org.apache.spark:spark-connect_2.13:$version"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "extract-protos: resolving $artifact"
mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp" >/dev/null
jar="$tmp/spark-connect_2.13-$version.jar"
[ -f "$jar" ] || { echo "extract-protos: $jar was not resolved" >&2; exit 1; }

out="$tmp/proto"
mkdir -p "$out"
# spark/connect/ holds only .proto files in the jar (the generated classes live under org/).
(cd "$out" && jar xf "$jar" spark/connect google/rpc/status.proto google/rpc/error_details.proto)
find "$out" -type f ! -name '*.proto' -delete
echo "$version" > "$out/SPARK_VERSION"
rm -rf "$root/proto.new" && mv "$out" "$root/proto.new"
rm -rf "$root/proto" && mv "$root/proto.new" "$root/proto"
echo "extract-protos: wrote $(find "$root/proto" -name '*.proto' | wc -l) files for Spark $version into proto/"
