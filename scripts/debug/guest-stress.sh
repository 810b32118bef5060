#!/bin/sh
# /run.sh for "make stress": the concurrency stress test for 5 minutes
# with 8 workers (make check runs it for 20 s with 4).
cd /selftests || exit 1
L4MM_STRESS_SECS=300 L4MM_STRESS_WORKERS=8 exec ./l4mm_stress.sh
