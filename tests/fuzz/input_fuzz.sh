#!/usr/bin/env bash
# libFuzzer runs of the input harnesses: fuzz_cmdline.c (the command line)
# and fuzz_jh_comm.c (the Jailhouse communication region, its console and
# messages, the hv-*/con-* options). clang with ASan and UBSan, one job,
# for a bounded time. Not part of the test suite, which runs the same
# harnesses from fixed seeds (fuzz_*_smoke, input_fuzz_main.c).
#
# Usage: tests/fuzz/input_fuzz.sh cmdline|jh_comm [SECONDS [libFuzzer options]]
#   INPUT_FUZZ_M32=1   build for i386: 32-bit pointers and size_t (the
#                      i686 kernel's); libFuzzer then needs Debian's
#                      lib32stdc++-12-dev
# Builds in build/fuzz-input[-m32]/; the corpus grows in corpus-NAME there,
# seeded with the harness's own seeds; a failing input is saved as
# NAME-crash-* there. Rerun one: build/fuzz-input/fuzz_NAME FILE.
set -euo pipefail
cd "$(dirname "$0")/../.."
name=${1:?usage: tests/fuzz/input_fuzz.sh cmdline|jh_comm [SECONDS]}
secs=${2:-120}
shift $(( $# < 2 ? $# : 2 ))
CC=${CC:-clang}
out=build/fuzz-input
flags=(-std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer
       -fsanitize=address,undefined -fno-sanitize-recover=all
       -Icommon/include -Itests/fuzz -Itests/unit)
if [ "${INPUT_FUZZ_M32:-0}" = 1 ]; then
	out=build/fuzz-input-m32
	flags+=(-m32)
fi
mkdir -p "$out/dtb"
case $name in
cmdline)
	srcs=(tests/fuzz/fuzz_cmdline.c common/cmdline.c common/lib/fmt.c)
	max_len=256 ;;
jh_comm)
	for b in x86_64-cell bananapi-cell qemu-arm-cell; do
		dtc -q -I dts -O dtb -o "$out/dtb/$b.dtb" "dts/$b.dts"
	done
	flags+=(-Itests/fuzz/host_io -Ihv/include -Ihv/jailhouse
		"-DNOINIT(name)=" "-DFUZZ_DTB_DIR=\"$PWD/$out/dtb\"")
	srcs=(tests/fuzz/fuzz_jh_comm.c tests/fuzz/watched_page.c
	      common/cmdline.c common/lib/fmt.c common/fdt.c common/lib/kerr.c
	      drivers/bus/isa.c)
	max_len=403 ;;	# 3 + command line 256 + region 128 + 4 messages
*)
	echo "tests/fuzz/input_fuzz.sh: no harness '$name' (cmdline, jh_comm)" >&2
	exit 2 ;;
esac
"$CC" "${flags[@]}" -fsanitize=fuzzer "${srcs[@]}" -o "$out/fuzz_$name"
"$CC" "${flags[@]}" "${srcs[@]}" tests/fuzz/input_fuzz_main.c -o "$out/seeds_$name"
"$out/seeds_$name" --write-seeds "$out/corpus-$name" >/dev/null
exec "$out/fuzz_$name" -max_total_time="$secs" -max_len="$max_len" \
	-artifact_prefix="$out/$name-" -print_final_stats=1 "$@" "$out/corpus-$name"
