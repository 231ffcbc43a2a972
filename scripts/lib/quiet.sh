# Sourced by the benchmarks and tools that print figures: `exec java … > >(quiet_logs) 2>&1` keeps the
# figures and drops the services' INFO and WARN lines. Logback writes them to standard output, with the
# figures, so this filter reads both streams.
quiet_logs() {
  grep --line-buffered -v " INFO \| WARN \|^SLF4J"
}
