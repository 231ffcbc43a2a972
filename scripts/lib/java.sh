# Sourced by the scripts that run the system's JVM (scripts/run and the benchmarks that host it), so
# they measure what scripts/run runs. The broker, Streams and the services share this heap; parser
# JVMs have their own (BATCH_PARSE_HEAP). 512 MiB: a 100,000-item job peaks at about 250 MB of heap,
# and a larger limit only lets G1 grow the heap (and the RSS) without need.
system_java_opts="${BATCH_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}"
