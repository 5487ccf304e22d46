# Times one bench/programs/*.star file under CPython the same way bench/starlark.ts times our interpreter:
# cold = compile + exec of the file (which calls bench() once and prints its checksum), warm = min of
# REPS further calls of bench() (the minimum: least disturbed by other load). Prints one JSON line.
import contextlib, io, json, sys, time

path, reps = sys.argv[1], int(sys.argv[2])
with open(path) as f:
    src = f.read()
g = {"__name__": "bench"}
out = io.StringIO()
t0 = time.perf_counter()
with contextlib.redirect_stdout(out):
    exec(compile(src, path, "exec"), g)
cold = time.perf_counter() - t0
warm = []
result = None
for _ in range(reps):
    t = time.perf_counter()
    result = g["bench"]()
    warm.append(time.perf_counter() - t)
print(json.dumps({"cold": cold, "warm": min(warm), "checksum": str(result), "printed": out.getvalue().strip()}))
