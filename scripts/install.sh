#!/usr/bin/env bash
# Installs a built rootmail under a prefix, as a tree that runs without the Swift toolchain:
#   bin/rootmail, lib/rootmail/libRootmailKit.so (+ lazily loaded companions),
#   lib/rootmail/plugins/libRootmailPlugin*.so (not the examples), lib/rootmail/swift/*.so (the
#   Swift runtime libraries these need, found by following DT_NEEDED into the toolchain's
#   runtime folder: only those), completions, man pages, and what a plugin author compiles
#   against (docs/receivers.md, "Write your own receiver"): the kit's Swift module and the
#   modules its interface needs in lib/rootmail/swift, the example receiver's source in
#   share/rootmail/examples.
# Every RPATH is made relative to $ORIGIN (patchelf), so the tree is relocatable and nothing
# points into the build machine (the compiler adds the toolchain's runtime folder to each).
# The binary and the libraries are stripped of symbols and debug information (a release
# libRootmailKit.so is 24 MB unstripped); the .comment toolchain stamp plugins are checked by
# stays. STRIP= (empty) installs them as built.
# `make install` runs this on the release build, scripts/package.sh (`make package`) on it too,
# and the install tests on the debug build.
# Usage: scripts/install.sh PREFIX BUILD_DIR
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: scripts/install.sh PREFIX BUILD_DIR" >&2
  exit 64
fi
prefix=$1; build=$2
strip=${STRIP-strip}
if [ -n "$strip" ] && ! command -v "$strip" >/dev/null; then
  echo "install.sh: $strip not found (binutils); installing unstripped" >&2
  strip=
fi
if ! command -v patchelf >/dev/null; then
  echo "install.sh: patchelf not found (apt-get install patchelf, or scripts/install-deps.sh)" >&2
  exit 69
fi
lib=$prefix/lib/rootmail
install -d -m 0755 "$prefix/bin" "$lib/plugins" "$lib/swift" \
  "$prefix/share/rootmail/examples" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$build/rootmail" "$prefix/bin/rootmail"
for so in "$build"/libRootmail*.so; do
  case "$(basename "$so")" in
    libRootmailPluginHello.so | libRootmailPluginCustomReceiver.so) ;;
    libRootmailPlugin*.so) install -m 0755 "$so" "$lib/plugins/" ;;
    *) install -m 0755 "$so" "$lib/" ;;
  esac
done

# The DT_NEEDED names of an ELF file, one a line.
needed() { readelf -d -W "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; }
# The toolchain's runtime folders: the absolute RUNPATH entries the compiler gave the binary.
runtime_dirs=$(readelf -d -W "$build/rootmail" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]$/\1/p' | tr ':' '\n' | grep '^/' || true)
if [ -z "$runtime_dirs" ]; then
  runtime_dirs=$(swiftc -print-target-info | sed -n '/"runtimeLibraryPaths"/,/]/s/^ *"\(\/[^"]*\)".*/\1/p')
fi
# Copy every library that something in the tree needs and that only the toolchain has, then
# what those need, until nothing new turns up.
queue=("$prefix/bin/rootmail" "$lib"/*.so "$lib"/plugins/*.so)
while [ ${#queue[@]} -gt 0 ]; do
  file=${queue[0]}; queue=("${queue[@]:1}")
  for name in $(needed "$file"); do
    [ -e "$lib/swift/$name" ] && continue
    for dir in $runtime_dirs; do
      if [ -f "$dir/$name" ]; then
        install -m 0644 "$dir/$name" "$lib/swift/$name"
        queue+=("$lib/swift/$name")
        break
      fi
    done
  done
done

# RootmailKit re-exports ArgumentParser (which needs ArgumentParserToolInfo) and Logging: a
# plugin compiled against the kit's module needs them and every module of the kit package (one
# folder each under Sources/RootmailKit/Sources), built by this toolchain: a plugin must be
# built by the same one anyway.
for module in $(ls Sources/RootmailKit/Sources) ArgumentParser ArgumentParserToolInfo Logging; do
  if [ -f "$build/Modules/$module.swiftmodule" ]; then
    install -m 0644 "$build/Modules/$module.swiftmodule" "$lib/swift/"
  fi
done
[ -f "$lib/swift/RootmailKit.swiftmodule" ] || { echo "install.sh: no $build/Modules/RootmailKit.swiftmodule" >&2; exit 66; }
install -m 0644 Plugins/Examples/CustomReceiver/MailLogReceiver.swift "$prefix/share/rootmail/examples/"
install -m 0644 man/*.1 "$prefix/share/man/man1/"
install -m 0644 completions/rootmail.bash "$prefix/share/bash-completion/completions/rootmail"
install -m 0644 completions/_rootmail "$prefix/share/zsh/site-functions/_rootmail"
install -m 0644 completions/rootmail.fish "$prefix/share/fish/vendor_completions.d/rootmail.fish"
if [ -n "$strip" ]; then
  "$strip" --strip-unneeded "$prefix/bin/rootmail" "$lib"/*.so "$lib"/plugins/*.so "$lib"/swift/*.so
fi
# After strip (which may rewrite the file): every path the loader searches is inside the tree.
# DT_RPATH, not DT_RUNPATH: the kit loads companions and plugins through /proc/self/fd/N (it
# opens and checks the file first), so their own $ORIGIN is /proc/self/fd; for a library
# without DT_RUNPATH the loader also searches the DT_RPATH of whoever loaded it (the kit) and
# of the executable, which find lib/rootmail/swift (libswiftDispatch.so for a companion, say).
rpath() { patchelf --force-rpath --set-rpath "$1" "${@:2}"; }
rpath '$ORIGIN/../lib/rootmail:$ORIGIN/../lib/rootmail/swift' "$prefix/bin/rootmail"
for so in "$lib"/*.so; do rpath '$ORIGIN:$ORIGIN/swift' "$so"; done
for so in "$lib"/plugins/*.so; do rpath '$ORIGIN/..:$ORIGIN/../swift' "$so"; done
for so in "$lib"/swift/*.so; do rpath '$ORIGIN' "$so"; done
echo "installed rootmail under $prefix"
