/**
 * The one lifecycle every service has ({@link dev.batch.common.lifecycle.Service}: start, ready,
 * stop) and the runner that starts services in order, stops them in reverse within a bound, and
 * owns the shutdown hook.
 */
package dev.batch.common.lifecycle;
