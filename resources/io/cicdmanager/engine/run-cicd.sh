# Runs the cicd engine that this version of the library was written for, installing it on the agent first when
# the agent lacks it. The steps write this file next to their other working files and run it with sh:
#
#   sh run-cicd.sh ERROR-FILE [ARGUMENT...]
#
# The engine is, in order: $CICD_CLI when set (a command, split on spaces); else cicd on PATH when its
# `cicd --version` names this version; else the jar io.cicdmanager:cicd:VERSION from the Maven repository at
# $CICD_MAVEN_REPOSITORY, verified against the repository's .sha256 (and $CICD_SHA256 when set), cached per version
# under ${CICD_CACHE:-$HOME/.cicd/engine} and run with the agent's Java 17 or newer ($JAVA_HOME, else java on
# PATH) with $CICD_JAVA_OPTS. A repository that needs a login gets $CICD_MAVEN_USERNAME and $CICD_MAVEN_PASSWORD
# (curl only; never on a command line).
#
# The engine's standard error goes to the build log as it is written and into ERROR-FILE, which the step quotes
# when it fails. The exit code is the engine's; 127, with one sentence on standard error saying what to do, when
# there is no engine to run. docs/install.md describes the setup.
set -u

version='0.1.0-SNAPSHOT'

errors=$1
shift
here=$(dirname "$0")
: > "$errors"

# One sentence for the step to quote, then exit 127 (no engine to run).
fail() {
  printf '%s\n' "$*" | tee -a "$errors" >&2
  exit 127
}

quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\"'\"'/g")"
}

java_command() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java=$(command -v java)
  else
    fail "cicd $version needs Java 17 or newer on this agent, and there is none (no JAVA_HOME, no java on PATH): install one, or select it with tools { jdk '...' } or JAVA_HOME."
  fi
  java_version=$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  case "$java_version" in
    1.*) java_major=$(printf '%s' "$java_version" | cut -d. -f2) ;;
    *) java_major=$(printf '%s' "$java_version" | sed 's/[^0-9].*//') ;;
  esac
  if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
    fail "cicd $version needs Java 17 or newer, and $java is Java ${java_version:-of an unknown version}: point JAVA_HOME at a Java 17 or newer."
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 "$1" | sed 's/.*= *//'
  else
    fail "cannot verify cicd $version before installing it: this agent has none of sha256sum, shasum or openssl."
  fi
}

# download URL FILE: 0 when fetched, 1 when the repository answered that it has no such file, else a sentence.
download() {
  if command -v curl >/dev/null 2>&1; then
    if [ -n "${CICD_MAVEN_USERNAME:-}" ]; then
      # The login goes to curl on its standard input, never on a command line.
      printf 'user = "%s:%s"\n' "$CICD_MAVEN_USERNAME" "${CICD_MAVEN_PASSWORD:-}" |
        curl -fsSL --retry 2 --config - -o "$2" "$1" 2> "$work/download.err"
    else
      curl -fsSL --retry 2 -o "$2" "$1" 2> "$work/download.err"
    fi
    status=$?
    [ $status -eq 0 ] && return 0
    if [ $status -eq 22 ] && grep -q ' 404' "$work/download.err"; then
      return 1
    fi
  elif command -v wget >/dev/null 2>&1; then
    if [ -n "${CICD_MAVEN_USERNAME:-}" ]; then
      fail "cannot install cicd $version: a repository login (CICD_MAVEN_USERNAME) needs curl on this agent, which has only wget."
    fi
    wget -q -O "$2" "$1" 2> "$work/download.err"
    status=$?
    [ $status -eq 0 ] && return 0
    if [ $status -eq 8 ] && ! wget -q --spider "$1" 2>/dev/null; then
      return 1
    fi
  else
    fail "cannot install cicd $version: this agent has neither curl nor wget to download it with; install one, or install cicd $version and set CICD_CLI."
  fi
  reason=$(tr '\n' ' ' < "$work/download.err" | sed 's/ *$//')
  fail "cannot download $1 (${reason:-exit $status}): check CICD_MAVEN_REPOSITORY and that this agent can reach it."
}

# Installs the jar of this version into the cache and sets $engine to the command that runs it.
install() {
  java_command
  repository=${CICD_MAVEN_REPOSITORY%/}
  directory="$repository/io/cicdmanager/cicd/$version"
  cache="${CICD_CACHE:-$HOME/.cicd/engine}/$version"
  mkdir -p "$cache" || fail "cannot install cicd $version: cannot create $cache; set CICD_CACHE to a writable directory."
  work=$(mktemp -d "$cache/.install.XXXXXX") || fail "cannot install cicd $version: cannot write to $cache; set CICD_CACHE to a writable directory."
  trap 'rm -rf "$work"' EXIT
  file_version=$version
  case "$version" in
    *-SNAPSHOT)
      # A snapshot is published with a timestamp: the repository's metadata names the latest.
      if download "$directory/maven-metadata.xml" "$work/maven-metadata.xml"; then
        timestamp=$(sed -n 's:.*<timestamp>\(.*\)</timestamp>.*:\1:p' "$work/maven-metadata.xml" | head -n 1)
        build=$(sed -n 's:.*<buildNumber>\(.*\)</buildNumber>.*:\1:p' "$work/maven-metadata.xml" | head -n 1)
        if [ -n "$timestamp" ] && [ -n "$build" ]; then
          file_version="${version%-SNAPSHOT}-$timestamp-$build"
        fi
      fi
      ;;
  esac
  jar="$cache/cicd-$file_version.jar"
  if [ -f "$jar" ] && { [ -z "${CICD_SHA256:-}" ] || [ "$(sha256_of "$jar")" = "$(printf '%s' "$CICD_SHA256" | tr 'A-F' 'a-f')" ]; }; then
    engine="$(quote "$java") \${CICD_JAVA_OPTS:-} -jar $(quote "$jar")"
    return
  fi
  url="$directory/cicd-$file_version.jar"
  echo "Installing cicd $version from $url" >&2
  download "$url" "$work/cicd.jar" ||
    fail "$url is not in the repository: check CICD_MAVEN_REPOSITORY, and that cicd $version is published there (./mvnw deploy publishes it)."
  actual=$(sha256_of "$work/cicd.jar")
  if download "$url.sha256" "$work/cicd.jar.sha256"; then
    published=$(tr -d ' \r\n' < "$work/cicd.jar.sha256" | cut -c1-64 | tr 'A-F' 'a-f')
    if [ "$actual" != "$published" ]; then
      fail "refused $url: its SHA-256 is $actual but the repository's .sha256 says $published, so the download is corrupt or was tampered with; nothing was installed."
    fi
  elif [ -z "${CICD_SHA256:-}" ]; then
    fail "refused $url: the repository has no .sha256 to verify it against; publish cicd with ./mvnw deploy (which publishes one) or set CICD_SHA256 to the jar's SHA-256."
  fi
  if [ -n "${CICD_SHA256:-}" ]; then
    pinned=$(printf '%s' "$CICD_SHA256" | tr 'A-F' 'a-f')
    if [ "$actual" != "$pinned" ]; then
      fail "refused $url: its SHA-256 is $actual but CICD_SHA256 says $pinned; nothing was installed."
    fi
  fi
  # shellcheck disable=SC2086 # CICD_JAVA_OPTS is a list of JVM options
  says=$("$java" ${CICD_JAVA_OPTS:-} -jar "$work/cicd.jar" --version 2>/dev/null | head -n 1)
  if [ "$says" != "cicd $version" ]; then
    fail "refused $url: it says it is '${says:-not cicd}', not cicd $version, so the repository holds the wrong file under this version; nothing was installed."
  fi
  mv -f "$work/cicd.jar" "$jar" || fail "cannot install cicd $version into $cache; set CICD_CACHE to a writable directory."
  # An older snapshot of this version is not needed any more.
  for old in "$cache"/cicd-*.jar; do
    [ "$old" = "$jar" ] || rm -f "$old"
  done
  echo "Installed cicd $version in $jar" >&2
  engine="$(quote "$java") \${CICD_JAVA_OPTS:-} -jar $(quote "$jar")"
}

find_engine() {
  if [ -n "${CICD_CLI:-}" ]; then
    engine='$CICD_CLI'
    return
  fi
  on_path=$(command -v cicd 2>/dev/null || true)
  if [ -n "$on_path" ]; then
    says=$("$on_path" --version 2>/dev/null | head -n 1)
    if [ "$says" = "cicd $version" ]; then
      engine=$(quote "$on_path")
      return
    fi
  fi
  if [ -z "${CICD_MAVEN_REPOSITORY:-}" ]; then
    if [ -n "$on_path" ]; then
      fail "this library needs cicd $version, and cicd on PATH ($on_path) is '${says:-not working}': install cicd $version, point CICD_CLI at it, or set CICD_MAVEN_REPOSITORY so the step installs it."
    fi
    fail "cicd $version is not on this agent: set CICD_MAVEN_REPOSITORY to the Maven repository that holds io.cicdmanager:cicd so the step installs it, or install it and put it on PATH or in CICD_CLI."
  fi
  install
}

# The engine found once serves every call of this step.
if [ -f "$here/engine" ]; then
  engine=$(cat "$here/engine")
else
  find_engine
  printf '%s\n' "$engine" > "$here/engine"
fi

status="$here/.status.$$"
# Standard output stays where the caller sent it; standard error goes through tee, to the log and ERROR-FILE.
# When Jenkins stops the step (an abort, a timeout) it sends SIGTERM to every process of it: tee ignores it and
# keeps copying what the engine says while it rolls the release back, until the engine exits.
{ (eval "$engine \"\$@\"" 2>&1 1>&3 3>&-; echo $? > "$status") | (trap '' TERM INT; exec tee -a "$errors" >&2); } 3>&1
code=$(cat "$status" 2>/dev/null || echo 1)
rm -f "$status"
exit "$code"
