# Sourced by build-kernel.sh, run.sh and capture.sh: which Debian kernel a
# version string names, and where its tree and builds live.
#
#   KERNEL_VERSION=5.10|6.1|6.12|7.3   (default 6.1; --kernel V sets it)
#   KBUILD_DIR=/work/kbuild            (default) everything lives under it
#
# Each version is pinned to one Debian source package: the suite it comes
# from and its exact Debian version, so that a rebuild is the same kernel.
# DEB_VERSION overrides the pinned package version.

KBUILD_DIR=${KBUILD_DIR:-/work/kbuild}
KERNEL_VERSION=${KERNEL_VERSION:-6.1}

# Parses a leading "--kernel V" (or --kernel=V) out of "$@"; the caller does
#   kcheck_parse_kernel_flag "$@"; set -- "${KCHECK_ARGS[@]}"
kcheck_parse_kernel_flag() {
    KCHECK_ARGS=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --kernel) KERNEL_VERSION=${2:?--kernel needs a version}; shift 2 ;;
            --kernel=*) KERNEL_VERSION=${1#--kernel=}; shift ;;
            *) KCHECK_ARGS+=("$1"); shift ;;
        esac
    done
}

# Sets KSUITE (Debian suite), KDEB (package version), KSRC (source tree),
# KBUILD (replay build dir), KIMAGE (its bzImage).
kcheck_select_kernel() {
    case "$KERNEL_VERSION" in
        5.10) KSUITE=bullseye;           KDEB=5.10.223-1 ;;
        6.1)  KSUITE=bookworm-security;  KDEB=6.1.192-3 ;;
        6.12) KSUITE=bookworm-backports; KDEB=6.12.95-1~bpo12+1 ;;
        7.3)  KSUITE=trixie-backports;   KDEB=7.3.4-1~bpo13+1 ;;
        *) echo "unknown kernel version '$KERNEL_VERSION' (5.10, 6.1, 6.12, 7.3)" >&2
           return 2 ;;
    esac
    KDEB=${DEB_VERSION:-$KDEB}
    KPKG=linux-source-$KERNEL_VERSION
    KSRC=$KBUILD_DIR/src/$KPKG
    KBUILD=$KBUILD_DIR/build-$KERNEL_VERSION
    KIMAGE=$KBUILD/arch/x86/boot/bzImage
}

# A private apt state under $KBUILD_DIR/apt (own sources list, lists and
# cache), so fetching another suite's package never touches the machine's
# apt configuration or its installed packages.
kcheck_apt() {
    local a=$KBUILD_DIR/apt
    apt-get -o Dir::Etc::sourcelist="$a/sources.list" \
        -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$a/lists" \
        -o Dir::Cache="$a/cache" -o APT::Sandbox::User=root "$@"
}

kcheck_apt_setup() {
    local a=$KBUILD_DIR/apt k=/usr/share/keyrings/debian-archive-keyring.gpg
    mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
    cat >"$a/sources.list.new" <<EOF
deb [signed-by=$k] http://deb.debian.org/debian bullseye main
deb [signed-by=$k] http://deb.debian.org/debian bookworm main
deb [signed-by=$k] http://deb.debian.org/debian-security bookworm-security main
deb [signed-by=$k] http://deb.debian.org/debian bookworm-backports main
deb [signed-by=$k] http://deb.debian.org/debian trixie-backports main
EOF
    mv "$a/sources.list.new" "$a/sources.list"
    kcheck_apt update >/dev/null
}

# Fetches $KPKG=$KDEB (or a given package=version into a given dir) and
# unpacks the deb with dpkg-deb -x; echoes the unpacked root.
kcheck_fetch_deb() {
    local pkg=$1 ver=$2 out=$KBUILD_DIR/debs root
    root=$KBUILD_DIR/deb-x/${pkg}_$ver
    if [ ! -d "$root" ]; then
        mkdir -p "$out"
        local deb
        deb=$(ls "$out/${pkg}_${ver/:/%3a}"_*.deb 2>/dev/null | head -1)
        if [ -z "$deb" ]; then
            [ -f "$KBUILD_DIR/apt/sources.list" ] && [ -n "$(ls "$KBUILD_DIR/apt/lists")" ] ||
                kcheck_apt_setup >&2
            (cd "$out" && kcheck_apt download "$pkg=$ver" >&2) || {
                # lists may be stale: refresh once and retry
                kcheck_apt_setup >&2
                (cd "$out" && kcheck_apt download "$pkg=$ver" >&2) || return 1
            }
            deb=$(ls "$out/${pkg}_${ver/:/%3a}"_*.deb | head -1)
        fi
        mkdir -p "$root.tmp" && dpkg-deb -x "$deb" "$root.tmp" && mv "$root.tmp" "$root"
    fi
    echo "$root"
}
