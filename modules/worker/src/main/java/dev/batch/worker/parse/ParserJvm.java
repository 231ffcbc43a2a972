package dev.batch.worker.parse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a parser JVM is started (its command line and environment) and how its process tree is killed. */
final class ParserJvm {
    private static final Logger log = LoggerFactory.getLogger(ParserJvm.class);

    /**
     * The variables a parser JVM may see of this JVM's environment: what it and Tesseract need to
     * run, and how to log. An allow-list, so that API keys, cloud credentials and the model's key never reach a
     * process that reads untrusted documents. {@code JAVA_TOOL_OPTIONS} and its kin stay out too:
     * they are this JVM's flags (an agent's key among them, perhaps); the pool sets the parser's.
     */
    static final Set<String> CHILD_ENVIRONMENT = Set.of(
            "PATH",
            "HOME",
            "TMPDIR",
            "TZ",
            "LANG",
            "LANGUAGE",
            "LC_ALL",
            "LC_CTYPE",
            "LC_COLLATE",
            "LC_MESSAGES",
            "LC_NUMERIC",
            "LC_TIME",
            "LC_MONETARY",
            "LC_PAPER",
            "LC_MEASUREMENT",
            "JAVA_HOME",
            "LD_LIBRARY_PATH",
            "FONTCONFIG_PATH",
            "TESSDATA_PREFIX",
            "OMP_THREAD_LIMIT",
            "BATCH_TESSERACT",
            "BATCH_LOG_LEVEL",
            "BATCH_LOG_FORMAT");

    /**
     * The command that starts a parser JVM: this JVM's java and class path, the heap limit, and
     * {@code extraFlags} last (they win over the defaults).
     */
    static List<String> command(String heap, List<String> extraFlags, String mainClass) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-Xss4m",
                "-Djava.awt.headless=true"));
        cmd.addAll(extraFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return cmd;
    }

    /** The environment of a parser JVM, from this JVM's: only the variables in {@link #CHILD_ENVIRONMENT}. */
    static Map<String, String> childEnvironment(Map<String, String> parent) {
        Map<String, String> env = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (CHILD_ENVIRONMENT.contains(name)) env.put(name, value);
        });
        return env;
    }

    /**
     * Kills {@code root} and every process under it (a parser JVM's Tesseract runs), then waits up
     * to {@code wait} for all of them to end. The root goes first, so it starts no more children;
     * the ones it had are no longer its descendants once it is gone, hence the list taken before.
     */
    static void destroyTree(ProcessHandle root, Duration wait) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        root.destroyForcibly();
        tree.addAll(root.descendants().toList()); // any started between the list and the kill
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.add(root);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "Processes of parser process {} still running {} after they were killed: {}",
                    root.pid(),
                    wait,
                    tree.stream()
                            .filter(ProcessHandle::isAlive)
                            .map(ProcessHandle::pid)
                            .toList());
        }
    }

    private ParserJvm() {}
}
