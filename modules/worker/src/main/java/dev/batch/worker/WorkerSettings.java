package dev.batch.worker;

import dev.batch.common.config.Config;
import dev.batch.common.config.Setting;
import dev.batch.common.jobs.TimeLimit;
import dev.batch.worker.classify.LlmClassifier;
import dev.batch.worker.extract.LlmExtractor;
import dev.batch.worker.llm.ChatEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the worker service. */
public final class WorkerSettings {
    public static final Setting<Integer> PARSE_WORKERS = Setting.integer(
            "BATCH_PARSE_WORKERS",
            3,
            0,
            64,
            "Parse worker loops in this process (each one consumer in the parse group).");
    public static final Setting<Integer> PARSE_PROCESSES = Setting.integer(
            "BATCH_PARSE_PROCESSES",
            2,
            1,
            64,
            "Parser JVMs the parse worker loops share (at most one per loop); one loop more than JVMs keeps every JVM busy "
                    + "while a loop hands over its result.");
    public static final Setting<Integer> CLASSIFY_WORKERS = Setting.integer(
            "BATCH_CLASSIFY_WORKERS",
            1,
            0,
            64,
            "Classify worker loops in this process (they share the parser JVMs with the parse loops).");
    public static final Setting<Integer> EXTRACT_WORKERS = Setting.integer(
            "BATCH_EXTRACT_WORKERS",
            1,
            0,
            64,
            "Extract worker loops in this process (they share the parser JVMs; scans are read by Tesseract).");
    public static final Setting<Long> MAX_ITEM_BYTES = Setting.bytes(
            "BATCH_MAX_ITEM_BYTES",
            100L * 1024 * 1024,
            "Items larger than this are skipped with skip_reason size_limit_exceeded.");
    public static final Setting<Boolean> PARSE_ISOLATION = Setting.bool(
            "BATCH_PARSE_ISOLATION",
            true,
            "Parse each document in a child JVM (bounded heap, killed on timeout); false parses in this JVM.");
    public static final Setting<String> PARSE_HEAP = Setting.string(
            "BATCH_PARSE_HEAP",
            "1g",
            "Heap limit of each parser JVM; a document needing more fails with OUT_OF_MEMORY.");
    public static final Setting<Duration> PARSE_TIMEOUT = Setting.duration(
            "BATCH_PARSE_TIMEOUT",
            Duration.ofMinutes(5),
            "Time limit of one document when the job does not set job_timeout_in_seconds.");
    public static final Setting<Duration> MAX_JOB_TIMEOUT = Setting.duration(
            "BATCH_MAX_JOB_TIMEOUT",
            Duration.ofHours(1),
            "Ceiling on one document's time limit: a larger job_timeout_in_seconds (or BATCH_PARSE_TIMEOUT) gets this much.");
    public static final Setting<Duration> MAX_EXTRA_TIME_PER_PAGE = Setting.duration(
            "BATCH_MAX_EXTRA_TIME_PER_PAGE",
            Duration.ofSeconds(60),
            "Ceiling on job_timeout_extra_time_per_page_in_seconds: a job asking for more gets this much per page.");
    public static final Setting<Duration> TRANSACTION_SPAN = Setting.duration(
            "BATCH_WORKER_TRANSACTION_SPAN",
            TaskWorkerService.Tuning.DEFAULT.transactionSpan(),
            "Longest a finished result waits to be committed with others (sooner when no task waits); 0 commits each alone.");
    public static final Setting<Duration> NOTICE_AFTER = Setting.duration(
            "BATCH_WORKER_NOTICE_AFTER",
            TaskWorkerService.Tuning.DEFAULT.noticeAfter(),
            "An item still running after this is shown as processing; quicker items go straight to their result.");
    public static final Setting<Optional<String>> LLM_URL = Setting.optional(
            "BATCH_LLM_URL",
            "Base URL of an OpenAI-compatible chat-completions API (e.g. http://localhost:11434/v1 for Ollama) that classifies"
                    + " and extracts instead of the built-in classifier and extractor, which stay the fallback; unset: built-in only.");
    public static final Setting<Optional<String>> LLM_API_KEY =
            Setting.optional("BATCH_LLM_API_KEY", "Bearer key for BATCH_LLM_URL (local servers need none).");
    public static final Setting<String> LLM_MODEL = Setting.string(
            "BATCH_LLM_MODEL", "gpt-4o-mini", "Model asked at BATCH_LLM_URL; for MULTIMODAL it must accept images.");
    public static final Setting<Duration> LLM_TIMEOUT = Setting.duration(
            "BATCH_LLM_TIMEOUT",
            Duration.ofSeconds(60),
            "Longest wait for the model's answer before the built-in classifier or extractor answers instead.");
    public static final List<Setting<?>> ALL = List.of(
            LLM_URL,
            LLM_API_KEY,
            LLM_MODEL,
            LLM_TIMEOUT,
            PARSE_WORKERS,
            PARSE_PROCESSES,
            CLASSIFY_WORKERS,
            EXTRACT_WORKERS,
            MAX_ITEM_BYTES,
            PARSE_ISOLATION,
            PARSE_HEAP,
            PARSE_TIMEOUT,
            MAX_JOB_TIMEOUT,
            MAX_EXTRA_TIME_PER_PAGE,
            TRANSACTION_SPAN,
            NOTICE_AFTER);

    /** The model endpoint at {@code BATCH_LLM_URL}, when one is configured. */
    public static Optional<ChatEndpoint> modelEndpoint(Config config) {
        return config.get(LLM_URL)
                .map(url -> new ChatEndpoint(new ChatEndpoint.Settings(
                        url, config.get(LLM_API_KEY).orElse(null), config.get(LLM_MODEL), config.get(LLM_TIMEOUT))));
    }

    /** The model endpoint that classifies, when one is configured. */
    public static Optional<LlmClassifier> llm(Config config) {
        return modelEndpoint(config).map(LlmClassifier::new);
    }

    /** The model endpoint that extracts, when one is configured. */
    public static Optional<LlmExtractor> llmExtractor(Config config) {
        return modelEndpoint(config).map(LlmExtractor::new);
    }

    /** How long a document may parse, from the settings. */
    public static TimeLimit.Policy timeLimits(Config config) {
        return new TimeLimit.Policy(
                config.get(PARSE_TIMEOUT), config.get(MAX_JOB_TIMEOUT), config.get(MAX_EXTRA_TIME_PER_PAGE));
    }

    /** The worker loop's batching, from the settings. */
    public static TaskWorkerService.Tuning tuning(Config config) {
        return new TaskWorkerService.Tuning(config.get(TRANSACTION_SPAN), config.get(NOTICE_AFTER));
    }

    private WorkerSettings() {}
}
