package dev.batch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batch.common.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files cannot be run here (no Docker engine), so they are checked against the code:
 * every variable they set for our containers is a setting the code declares (a renamed setting
 * breaks this test, not a deployment), every role is one the app knows, the Kafka image is the
 * version the code is built and tested with, and what they run carries none of the tools.
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    /** Read by the JVM itself, not by our settings. */
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");

    static Set<String> declared() {
        return AppSettings.all().stream().map(Setting::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyVariableTheComposeFileSetsForOurContainersIsADeclaredSetting() throws Exception {
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (var service : services().entrySet()) {
            if (!"batch-processing".equals(service.getValue().get("image"))) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) service.getValue().get("environment");
            for (String name : env.keySet()) {
                checked++;
                if (!declared().contains(name) && !JVM.contains(name)) unknown.add(service.getKey() + ": " + name);
            }
        }
        assertThat(checked).as("variables checked").isGreaterThan(10);
        assertThat(unknown)
                .as("variables no setting declares (AppSettings.all())")
                .isEmpty();
    }

    @Test
    void theComposeFileRunsEveryRoleWithRolesTheAppKnows() throws Exception {
        Set<BatchSystem.Role> roles = new TreeSet<>();
        for (var service : services().values()) {
            if (!"batch-processing".equals(service.get("image"))) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            roles.addAll(BatchSystem.Role.parse(String.valueOf(env.get("BATCH_ROLES"))));
        }
        assertThat(roles).containsExactlyInAnyOrder(BatchSystem.Role.values());
    }

    @Test
    void theKafkaImageIsTheVersionTheCodeIsBuiltWith() throws Exception {
        Matcher m = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        assertThat(services().get("kafka").get("image")).isEqualTo("apache/kafka:" + m.group(1));
    }

    @Test
    void theDockerfileAndTheDistributedScriptSetOnlyDeclaredSettings() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher env = Pattern.compile("\\b(BATCH_[A-Z_]+)=")
                .matcher(Files.readString(ROOT.resolve("docker/Dockerfile"))
                        + Files.readString(ROOT.resolve("scripts/run-distributed")));
        while (env.find()) used.add(env.group(1));
        used.remove("BATCH_JAVA_OPTS"); // the scripts' own JVM options, not a setting of the app
        assertThat(used).isNotEmpty().isSubsetOf(declared());
    }

    @Test
    void theImageAndScriptsRunRunTheLauncherWithNoBenchmarkChaosOrFuzzCode() throws Exception {
        // The Dockerfile and scripts/run take this module's classes and runtime class path; the tools live in
        // modules/tools.
        Path classes = Path.of("target/classes/dev/batch");
        List<String> packages;
        try (Stream<Path> walk = Files.walk(classes)) {
            packages = walk.filter(Files::isDirectory)
                    .map(p -> classes.relativize(p).toString())
                    .toList();
        }
        assertThat(packages).contains("app").noneMatch(p -> p.matches("(.*/)?(bench|chaos|fuzz|tools)(/.*)?"));
        assertThat(Files.readString(Path.of("pom.xml"))).doesNotContain("<artifactId>batch-tools</artifactId>");
    }
}
