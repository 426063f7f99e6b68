#!/usr/bin/env bash
# Installs a built rootmail under a prefix:
#   bin/rootmail, lib/rootmail/libRootmailKit.so (+ lazily loaded companions),
#   lib/rootmail/plugins/libRootmailPlugin*.so (not the examples), completions, man pages, and
#   what a plugin author compiles against (docs/receivers.md, "Write your own receiver"): the kit's Swift
#   module and the modules its interface needs in lib/rootmail/swift, the example receiver's
#   source in share/rootmail/examples.
# The binary and the libraries are stripped of symbols and debug information (a release
# libRootmailKit.so is 24 MB unstripped); the .comment toolchain stamp plugins are checked by
# stays. STRIP= (empty) installs them as built.
# Usage: scripts/install.sh PREFIX BUILD_DIR
set -euo pipefail
prefix=$1; build=$2
strip=${STRIP-strip}
if [ -n "$strip" ] && ! command -v "$strip" >/dev/null; then
  echo "install.sh: $strip not found (binutils); installing unstripped" >&2
  strip=
fi
install -d -m 0755 "$prefix/bin" "$prefix/lib/rootmail/plugins" "$prefix/lib/rootmail/swift" \
  "$prefix/share/rootmail/examples" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$build/rootmail" "$prefix/bin/rootmail"
for lib in "$build"/libRootmail*.so; do
  case "$(basename "$lib")" in
    libRootmailPluginHello.so | libRootmailPluginCustomReceiver.so) ;;
    libRootmailPlugin*.so) install -m 0755 "$lib" "$prefix/lib/rootmail/plugins/" ;;
    *) install -m 0755 "$lib" "$prefix/lib/rootmail/" ;;
  esac
done
# RootmailKit re-exports ArgumentParser (which needs ArgumentParserToolInfo) and Logging, and
# imports its signer's module (RootmailSigV4): a plugin compiled against the kit's module needs
# all five (built by this toolchain: a plugin must be built by the same one anyway).
for module in RootmailKit RootmailSigV4 ArgumentParser ArgumentParserToolInfo Logging; do
  install -m 0644 "$build/Modules/$module.swiftmodule" "$prefix/lib/rootmail/swift/"
done
install -m 0644 Plugins/Examples/CustomReceiver/MailLogReceiver.swift "$prefix/share/rootmail/examples/"
install -m 0644 man/*.1 "$prefix/share/man/man1/"
install -m 0644 completions/rootmail.bash "$prefix/share/bash-completion/completions/rootmail"
install -m 0644 completions/_rootmail "$prefix/share/zsh/site-functions/_rootmail"
install -m 0644 completions/rootmail.fish "$prefix/share/fish/vendor_completions.d/rootmail.fish"
if [ -n "$strip" ]; then
  "$strip" --strip-unneeded "$prefix/bin/rootmail" "$prefix/lib/rootmail"/*.so "$prefix/lib/rootmail/plugins"/*.so
fi
echo "installed rootmail under $prefix"
