#!/bin/sh
# /run.sh for "make check": the staged kselftests, in order, then the doc
# test (README.md's and the man page's examples, tests/docs/) where the
# image has it.  Exits non-zero if either failed.
rc=0
cd /selftests || exit 1
# Honour the runner's own shebang (it may be bash); fall back to sh.
if [ -x run.sh ]; then
	./run.sh || rc=1
else
	sh ./run.sh || rc=1
fi
if [ -f /docs-test/run.sh ]; then
	echo "# docs: the examples of README.md and l4mm(8)"
	sh /docs-test/run.sh || rc=1
fi
exit $rc
