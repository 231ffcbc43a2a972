/**
 * Interactive queries across instances: which instance holds a key ({@link dev.batch.common.query.KeyOwners}), the
 * internal HTTP endpoint each instance serves about the keys it holds, its client, the shared secret that guards it,
 * and the one exception for state that is not there right now ({@link dev.batch.common.query.NotAvailableException}).
 */
package dev.batch.common.query;
