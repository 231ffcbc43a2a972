/**
 * Documents to pages of text, markdown and structured items: {@link dev.batch.worker.parse.DocumentParser}
 * reads any format Tika knows (PDFs with PDFBox directly), in this JVM or in the parser JVMs of a
 * {@link dev.batch.worker.parse.ParserPool}, which bound each document's memory and time;
 * {@link dev.batch.worker.parse.ParseResult} is the JSON an item's output location holds, and
 * {@link dev.batch.worker.parse.ErrorText} what an item's error message may say.
 */
package dev.batch.worker.parse;
