# Sourced by tools/demo and tools/test: installs the Debian packages the
# build and the tests need, when one is missing (apt-get, as root).
CELLMATE_DEPS="cmake make gcc gcc-multilib libc6-dev-i386 gcc-arm-none-eabi
binutils-arm-none-eabi device-tree-compiler qemu-system-arm qemu-system-x86
python3 gdb-multiarch gnuplot-nox cppcheck clang-tidy clang libclang-rt-dev"

cellmate_install_deps() {
	local missing="" p
	for p in $CELLMATE_DEPS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "== installing:$missing"
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq &&
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		-o DPkg::Lock::Timeout=600 \
		--no-install-recommends $missing >/dev/null ||
		{ echo "error: could not install:$missing" >&2; return 1; }
}
