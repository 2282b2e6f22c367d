"""The line protocol of bench/thunder.ts's peers: one JSON command per stdin line, `quit` ends.
`handle(command, emit)` returns the final answer (a dict); its failures are answered as
{"error": ...}, which bench/thunder.ts prints before going on."""
import json
import sys


def emit(obj):
    print(json.dumps(obj), flush=True)


def serve(handle):
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        if line == "quit":
            break
        try:
            emit(handle(json.loads(line), emit))
        except Exception as e:
            emit({"error": f"{type(e).__name__}: {e}"})
