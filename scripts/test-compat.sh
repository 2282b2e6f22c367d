#!/usr/bin/env bash
# npm run test:compat: the client and Spark-engine tests again against an embedded server of
# each older Spark line we support (README, "Spark versions"), fetched like the pinned one (from
# Maven Central, or from PyPI's pyspark sdist when Maven cannot resolve it: 4.1.3 here).
# SPARK_COMPAT_VERSIONS lists the versions (default "4.0.1 4.1.3"; .ci/run has the same default).
# One vitest summary per version.
set -uo pipefail
cd "$(dirname "$0")/.."
versions="${SPARK_COMPAT_VERSIONS-4.0.1 4.1.3}"
tests=(
  tests/connect/smoke.spark.test.ts tests/connect/dataframe.spark.test.ts tests/connect/functions.spark.test.ts
  tests/connect/errors.spark.test.ts tests/connect/api-errors.spark.test.ts tests/connect/session-api.spark.test.ts
  tests/connect/upload.spark.test.ts tests/connect/ml.spark.test.ts
  tests/thunder/spark-engine.spark.test.ts tests/thunder/kernels-install.spark.test.ts tests/thunder/spark-sql-path.spark.test.ts
  tests/thunder/kernels-transpose.spark.test.ts tests/thunder/clustering.spark.test.ts
  tests/runtime/security.spark.test.ts
)
status=0
for version in $versions; do
  printf '\n==> Spark %s: the client and Spark-engine tests\n' "$version"
  if ! SPARK_VERSION="$version" npx tsx src/cli/main.ts fetch; then
    echo "test:compat: fetching Spark $version failed" >&2
    status=1
    continue
  fi
  # its own embedded server of that version, whatever SPARK_REMOTE says
  env -u SPARK_REMOTE SPARK_VERSION="$version" npx vitest run --project spark "${tests[@]}" || status=1
done
exit "$status"
