#!/usr/bin/env bash
# Installs a built rootmail under a prefix:
#   bin/rootmail, lib/rootmail/libRootmailKit.so (+ lazily loaded companions),
#   lib/rootmail/plugins/libRootmailPlugin*.so (not the Hello example), completions, man pages.
# Usage: scripts/install.sh PREFIX BUILD_DIR
set -euo pipefail
prefix=$1; build=$2
install -d -m 0755 "$prefix/bin" "$prefix/lib/rootmail/plugins" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$build/rootmail" "$prefix/bin/rootmail"
for lib in "$build"/libRootmail*.so; do
  case "$(basename "$lib")" in
    libRootmailPluginHello.so) ;;
    libRootmailPlugin*.so) install -m 0755 "$lib" "$prefix/lib/rootmail/plugins/" ;;
    *) install -m 0755 "$lib" "$prefix/lib/rootmail/" ;;
  esac
done
install -m 0644 man/*.1 "$prefix/share/man/man1/"
install -m 0644 completions/rootmail.bash "$prefix/share/bash-completion/completions/rootmail"
install -m 0644 completions/_rootmail "$prefix/share/zsh/site-functions/_rootmail"
install -m 0644 completions/rootmail.fish "$prefix/share/fish/vendor_completions.d/rootmail.fish"
echo "installed rootmail under $prefix"
