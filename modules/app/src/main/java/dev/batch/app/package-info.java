/**
 * The deployable process: reads the settings, composes the roles it runs (api, splitter, worker)
 * from what each module contributes ({@link dev.batch.app.SystemAssembly}), and runs their services
 * with one lifecycle ({@link dev.batch.app.BatchSystem}); also the process's credentials, secrets and
 * metrics endpoint.
 */
package dev.batch.app;
