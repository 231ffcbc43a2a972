package dev.batch.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batch.client.ApiPaths;
import dev.batch.common.kafka.Publisher;
import dev.batch.common.kafka.Topics;
import dev.batch.common.webhooks.DeliveryLog;
import dev.batch.events.JobStatus;
import dev.batch.events.WebhookAttempt;
import dev.batch.events.WebhookResend;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A batch job's webhook deliveries: every attempt, and re-sending an event. */
final class WebhookDeliveryRoutes {
    private final Callers callers;
    private final VisibleJobs jobs;
    private final DeliveryLog deliveries;
    private final Publisher publisher;
    private final Topics topics;
    private final Clock clock;

    WebhookDeliveryRoutes(
            Callers callers,
            VisibleJobs jobs,
            DeliveryLog deliveries,
            Publisher publisher,
            Topics topics,
            Clock clock) {
        this.callers = callers;
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.topics = topics;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get(ApiPaths.JOB_WEBHOOK_DELIVERIES, this::webhookDeliveries);
        routes.post(ApiPaths.JOB_WEBHOOK_RESEND, this::resendWebhook);
    }

    /** Every attempt to deliver the job's webhooks, oldest first. */
    private void webhookDeliveries(Context ctx) {
        JobStatus job = jobs.require(ctx.pathParam("job_id"), callers.project(ctx));
        List<Map<String, Object>> items = new ArrayList<>();
        for (WebhookAttempt a : deliveries.attempts(job.getJobId())) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("event_id", a.getEventId());
            d.put("event_type", a.getEventName());
            d.put("receiver", a.getReceiver());
            d.put("webhook_url", a.getUrl());
            d.put("attempt", a.getAttempt());
            d.put("attempted_at", a.getAttemptedAt().toString());
            d.put("status_code", a.getStatusCode() == 0 ? null : a.getStatusCode());
            d.put("error", a.getError());
            d.put("duration_ms", a.getDurationMs());
            d.put("outcome", a.getOutcome());
            items.add(d);
        }
        ctx.json(Map.of("items", items, "total_size", items.size()));
    }

    /**
     * Delivers an event of the job again, with the same event id and body: to the receiver named, or
     * to every receiver it was attempted to. Only an event that was attempted can be re-sent (the log
     * says so); a receiver that answered 410 stays unsubscribed.
     */
    private void resendWebhook(Context ctx) throws Exception {
        JobStatus job = jobs.require(ctx.pathParam("job_id"), callers.project(ctx));
        JsonNode body = Json.body(ctx);
        if (!body.isObject()) throw new ApiException(422, "the body must be a JSON object with event_id");
        if (!body.path("event_id").isTextual() || body.get("event_id").asText().isBlank()) {
            throw ApiException.invalid("event_id", "required: the id of an event in this job's webhook deliveries");
        }
        String eventId = body.get("event_id").asText();
        Integer receiver = null;
        if (body.has("receiver") && !body.get("receiver").isNull()) {
            if (!body.get("receiver").canConvertToInt() || !body.get("receiver").isIntegralNumber()) {
                throw ApiException.invalid("receiver", "must be the integer index of a receiver, as in the deliveries");
            }
            receiver = body.get("receiver").asInt();
        }
        List<WebhookAttempt> log = deliveries.attempts(job.getJobId());
        TreeSet<Integer> receivers = new TreeSet<>();
        Set<Integer> gone = new HashSet<>();
        for (WebhookAttempt a : log) {
            if ("unsubscribed".equals(a.getOutcome())) gone.add(a.getReceiver());
            if (a.getEventId().equals(eventId) && (receiver == null || receiver == a.getReceiver()))
                receivers.add(a.getReceiver());
        }
        if (receivers.isEmpty()) {
            throw ApiException.notFound("webhook delivery of event " + eventId
                    + (receiver == null ? "" : " to receiver " + receiver) + " in job " + job.getJobId());
        }
        receivers.removeAll(gone);
        if (receivers.isEmpty()) {
            throw new ApiException(
                    409,
                    "the receiver of event " + eventId + " unsubscribed (it answered 410 Gone); nothing is re-sent");
        }
        Integer only = receiver;
        WebhookResend resend = WebhookResend.newBuilder()
                .setJobId(job.getJobId())
                .setEventId(eventId)
                .setReceiver(only != null ? only : receivers.size() == 1 ? receivers.first() : null)
                .setRequestedAt(clock.instant())
                .build();
        publisher.publish(topics.webhookResends, job.getJobId(), resend);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.getJobId());
        out.put("event_id", eventId);
        out.put("receivers", List.copyOf(receivers));
        out.put("status", "queued");
        ctx.status(202).json(out);
    }
}
