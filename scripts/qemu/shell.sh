#!/bin/sh
# /run.sh for "make vm": an interactive shell on the console.  cttyhack
# makes ttyS0 the controlling terminal so Ctrl-C reaches the foreground job.
echo "l4mm guest: module loaded, l4mm on PATH; /selftests, /examples."
echo "Leave the shell (exit, Ctrl-D) to power off; Ctrl-A x kills qemu."
exec setsid cttyhack sh -l
