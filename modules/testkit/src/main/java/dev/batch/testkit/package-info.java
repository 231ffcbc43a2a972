/**
 * Test support shared by the modules' tests: the shared in-JVM broker extension, an in-memory
 * catalog, an S3-compatible server, the test documents of {@code testdata/corpus}, and checks that
 * the programs a test needs (Tesseract, Node.js, Chromium) are installed.
 */
package dev.batch.testkit;
