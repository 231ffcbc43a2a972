# Sourced by the scripts that run the system's JVM (scripts/run and the benchmarks that host it), so
# they measure what scripts/run runs. The broker, Streams and the services share this heap; parser
# JVMs have their own (BATCH_PARSE_HEAP). 1 GiB: a 100,000-item job peaks at about 360 MB of heap.
system_java_opts="${BATCH_JAVA_OPTS:--Xmx1g -XX:+UseG1GC}"
