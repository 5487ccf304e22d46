# Times one bench/programs/*.star file under CPython the same way bench/starlark.ts times our interpreter:
# cold = compile + exec of the file (which calls bench() once and prints its checksum), warm = min of
# REPS further calls of bench() (the minimum: least disturbed by other load), warmCpu the same in CPU time
# (time.process_time). Prints one JSON line.
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
warm_cpu = []
result = None
for _ in range(reps):
    t = time.perf_counter()
    c = time.process_time()
    result = g["bench"]()
    warm_cpu.append(time.process_time() - c)
    warm.append(time.perf_counter() - t)
print(json.dumps({"cold": cold, "warm": min(warm), "warmCpu": min(warm_cpu), "checksum": str(result), "printed": out.getvalue().strip()}))
