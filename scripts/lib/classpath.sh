# Sourced (from the repository root) by the scripts that run a main class: builds first when the
# sources changed since the last package, then sets $classpath for modules/$module (default app).
module="${module:-app}"
stamp="modules/$module/target/classpath.txt"
if [ ! -f "$stamp" ] || [ -n "$(find pom.xml schemas modules -newer "$stamp" -type f -not -path '*/target/*' -print -quit)" ]; then
  echo "$(basename "$0"): building (skipping tests)..." >&2
  ./mvnw -B -q --no-transfer-progress -DskipTests package
  touch "$stamp" # the plugin leaves an unchanged class path file alone, and every later script would build again
fi
classpath="modules/$module/target/classes:$(cat "$stamp")"
