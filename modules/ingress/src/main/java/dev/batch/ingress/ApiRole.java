package dev.batch.ingress;

import dev.batch.common.blob.FileStore;
import dev.batch.common.catalog.Catalog;
import dev.batch.common.extract.SchemaProposer;
import dev.batch.common.jobs.JobRequestValidator;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.common.net.SourceFetcher;
import dev.batch.common.parse.PageImages;
import dev.batch.common.query.JobQueries;
import dev.batch.common.webhooks.DeliveryLog;
import dev.batch.common.webhooks.SigningSecrets;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What this module contributes to the {@code api} role: the HTTP API as a service. The role is
 * handed its collaborators in three groups; each route group then takes only the few it uses.
 */
public final class ApiRole {
    /**
     * Who may call and how URLs are signed. {@code publicUrl}: where clients reach the API
     * (BATCH_PUBLIC_URL), the base of the signed URLs it hands out.
     */
    public record Access(
            ApiKeys keys, RateLimits rateLimits, UrlSigner urls, Optional<String> publicUrl, long maxUploadBytes) {}

    /**
     * The rest of the system as the API sees it. {@code endOffsets}: a topic's end offset by
     * partition; {@code jobRules}: the checks every job request meets (the splitter runs the same);
     * {@code sources}: downloads a parse job's {@code source_url}; {@code pageImages}: renders a page of a
     * stored PDF; {@code schemaProposer}: proposes an extract data schema from a stored file (null: the
     * API proposes none from a file).
     */
    public record Backends(
            Topics topics,
            Publisher publisher,
            Catalog catalog,
            Function<String, Map<Integer, Long>> endOffsets,
            FileStore files,
            JobQueries jobs,
            JobRequestValidator jobRules,
            SigningSecrets webhookSecrets,
            DeliveryLog webhookDeliveries,
            SourceFetcher sources,
            PageImages pageImages,
            SchemaProposer schemaProposer) {}

    /** {@code readiness}: each service's readiness by name; {@code prometheus}: the body of /metrics. */
    public record Operations(
            Supplier<Map<String, Boolean>> readiness, MeterRegistry meters, Supplier<String> prometheus) {}

    private ApiRole() {}

    public static IngressService service(
            String host, int port, Clock clock, Access access, Backends backends, Operations ops) {
        return new IngressService(
                host,
                port,
                routeGroups(clock, access, backends),
                new HttpApi.Operations(ops.readiness(), ops.meters(), ops.prometheus()),
                access.maxUploadBytes());
    }

    private static List<Consumer<RoutesConfig>> routeGroups(Clock clock, Access access, Backends b) {
        Callers callers = new Callers(access.keys(), access.rateLimits());
        CatalogAccess catalog = new CatalogAccess(b.catalog(), b.publisher(), b.endOffsets());
        SignedLinks links = new SignedLinks(access.urls(), clock, access.publicUrl());
        VisibleJobs jobs = new VisibleJobs(b.jobs(), clock);
        JobSubmitter submitter =
                new JobSubmitter(catalog, b.files(), b.publisher(), b.topics(), jobs, b.jobRules(), clock);
        FileRoutes files =
                new FileRoutes(callers, catalog, b.files(), b.topics(), links, clock, access.maxUploadBytes());
        ParseJobs parseJobs = new ParseJobs(jobs);
        SavedConfigurations configurations = new SavedConfigurations(catalog, b.topics(), clock);
        return List.of(
                files::register,
                new DirectoryRoutes(callers, catalog, b.topics(), clock, files)::register,
                new BatchRoutes(callers, submitter, jobs, catalog, b.files(), b.publisher(), b.topics(), clock)
                        ::register,
                new WebhookDeliveryRoutes(callers, jobs, b.webhookDeliveries(), b.publisher(), b.topics(), clock)
                        ::register,
                new ParseRoutes(callers, parseJobs, b.files(), links, clock)::register,
                new PageImageRoutes(callers, parseJobs, jobs, b.files(), b.pageImages())::register,
                new ParseV2Routes(
                        callers,
                        catalog,
                        b.topics(),
                        files,
                        submitter,
                        jobs,
                        parseJobs,
                        new SourceDownloads(b.sources(), b.files().blobs().tempDir()))::register,
                new ClassifierRoutes(callers, b.jobs(), b.files(), clock, submitter)::register,
                new ClassifyV2Routes(callers, b.jobs(), submitter, b.files().blobs(), configurations)::register,
                new ExtractV2Routes(
                        callers,
                        b.jobs(),
                        submitter,
                        b.files().blobs(),
                        configurations,
                        b.publisher(),
                        b.topics(),
                        clock,
                        jobs::forget)::register,
                new ExtractV2SchemaRoutes(callers, catalog, b.topics(), b.schemaProposer())::register,
                new WebhookRoutes(callers, b.webhookSecrets())::register,
                new ConfigurationRoutes(callers, configurations)::register,
                new ApiDocs()::register,
                new Dashboard()::register);
    }
}
