#!/bin/sh
# /run.sh for "make fuzz-netlink": the netlink fuzzer's full run, 10^6
# messages from root, nobody and a user-namespace owner.
cd /selftests || exit 1
exec ./l4mm_fuzz 1000000
