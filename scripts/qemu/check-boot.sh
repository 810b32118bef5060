#!/bin/sh
# /run.sh for "make check": the staged kselftests, in order.
cd /selftests || exit 1
# Honour the runner's own shebang (it may be bash); fall back to sh.
[ -x run.sh ] && exec ./run.sh
exec sh ./run.sh
