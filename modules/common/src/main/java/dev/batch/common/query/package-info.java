/**
 * Interactive queries across instances: the internal HTTP endpoint each instance serves about the
 * jobs whose keys it owns, its client, and the shared secret that guards it.
 */
package dev.batch.common.query;
