# find-jdk.sh: sourced by ./mvnw and ./eddy. Exports JAVA_HOME pointing at a JDK 21+.
# Honours JAVA_HOME when it already is 21+, else takes the newest JDK under /usr/lib/jvm
# (or /usr/lib/jvm's siblings on other layouts). Fails with a clear message when none is found.
eddy_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}
eddy_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(eddy_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  best="" best_v=0
  set +f  # ./mvnw runs with globbing off
  for d in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(eddy_java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$d best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "eddy: no JDK 21+ found (JAVA_HOME='${JAVA_HOME-}', looked in /usr/lib/jvm). Install one or set JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
eddy_find_jdk || exit 1
