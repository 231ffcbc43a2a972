/**
 * Outbound HTTP to URLs API users give (webhook receivers, documents to fetch), guarded against
 * server-side request forgery: the {@link dev.batch.common.net.ReceiverPolicy} checks where a URL
 * may go, and every connection goes to the addresses it checked, within one deadline.
 */
package dev.batch.common.net;
