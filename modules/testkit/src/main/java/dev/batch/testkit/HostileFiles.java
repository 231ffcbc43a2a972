package dev.batch.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Documents built to hurt a parser: generated bombs (zip, gzip, XML entity expansion, deep nesting,
 * a PDF claiming a million pages, an empty file, a wrong extension) and the corpus's own corrupt,
 * truncated, malformed and fuzzed files. Shared by {@code HostileDocumentsIT} and {@code scripts/bench-hostile}.
 */
public final class HostileFiles {
    private static final Pattern HOSTILE =
            Pattern.compile("(?i)corrupt|truncat|malformed|fuzz|not ?a ?zip|invalid|broken");

    private HostileFiles() {}

    /** The generated ones, by file name; {@code html} is any HTML document, to be sent as a .docx. */
    public static Map<String, byte[]> generated(byte[] html) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("bomb.zip", zipBomb());
        files.put("bomb.txt.gz", gzipBomb());
        files.put("deep.xml", ("<a>".repeat(200_000) + "x" + "</a>".repeat(200_000)).getBytes(StandardCharsets.UTF_8));
        files.put("laughs.xml", billionLaughs());
        files.put("empty.pdf", new byte[0]);
        files.put(
                "million-pages.pdf",
                ("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                                + "2 0 obj << /Type /Pages /Count 1000000 /Kids [] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                        .getBytes(StandardCharsets.US_ASCII));
        files.put("not-really.docx", html);
        return files;
    }

    /** The corpus files its MANIFEST calls corrupt, truncated, malformed or fuzzed, by corpus path. */
    public static Map<String, byte[]> fromCorpus(Path corpusRoot) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String line : Files.readAllLines(corpusRoot.resolve("parse/MANIFEST.tsv"))) {
            String[] f = line.split("\t", -1);
            if (f.length < 7 || f[0].equals("path")) continue;
            if (HOSTILE.matcher(f[6]).find() || HOSTILE.matcher(f[0]).find())
                files.put(f[0], Files.readAllBytes(corpusRoot.resolve(f[0])));
        }
        return files;
    }

    /** Three entries of 200 MB of zeros each, a few hundred KB compressed. */
    public static byte[] zipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int f = 0; f < 3; f++) {
                zip.putNextEntry(new ZipEntry("zeros-" + f + ".txt"));
                for (int i = 0; i < 200; i++) zip.write(zeros);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** 500 MB of zeros, gzipped. */
    public static byte[] gzipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 500; i++) gz.write(zeros);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Nine levels of ten entity references: a billion "lol"s once expanded. */
    public static byte[] billionLaughs() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        b.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">\n");
        for (int i = 2; i <= 9; i++)
            b.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        b.append("]>\n<lolz>&lol9;</lolz>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
