/**
 * What every service shares: ids and hashes, and the packages below (Kafka plumbing, settings,
 * lifecycle, storage, the catalog, job rules, internal queries).
 */
package dev.batch.common;
