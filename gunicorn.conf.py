"""gunicorn's worker model for the intranet, read by the deployment (README: Production deployment) and by
`make bench`; gunicorn reads ./gunicorn.conf.py by itself, or this file given with -c. A flag on the command
line (or in GUNICORN_CMD_ARGS) overrides a value here.

Measured on 2 cores (README: Production deployment, issue 19): the pages are CPU-bound, so more processes
than cores only cost CPU per request (4 sync workers served no more than 2), and threads add little
throughput; but a thread that streams the HR export for half a minute (or builds a feed) holds one thread,
not a whole process: with 2 sync workers two exports stopped the site for 50 s, with 2 workers of 4
threads the dashboard answered in 50 ms meanwhile.
"""

import os

worker_class = "gthread"
# One process per core (the cores this process may run on); WEB_CONCURRENCY, gunicorn's own name, overrides.
cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY", 0)) or cores
threads = 4
# Each thread keeps its own database connection for CONN_MAX_AGE: workers times threads connections per server.

# A gthread worker's main loop reports to the master while its threads work, so the timeout only ends a
# worker that hangs as a whole; a long download is not cut off by it (a sync worker's would be).
timeout = 30
