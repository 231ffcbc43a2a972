/**
 * Typed settings: each declared once (name, type, default, doc), read from the environment or
 * BATCH_CONFIG_FILE, refused at start-up with the setting's name when invalid.
 */
package dev.batch.common.config;
