/**
 * What the API asks of the webhook sink, as interfaces: the delivery log of a job and the projects'
 * signing secrets. The webhook module implements them; the API depends only on these.
 */
package dev.batch.common.webhooks;
