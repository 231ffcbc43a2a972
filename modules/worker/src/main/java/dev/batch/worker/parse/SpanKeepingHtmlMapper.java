package dev.batch.worker.parse;

import org.apache.tika.parser.html.DefaultHtmlMapper;

/** Tika's default HTML mapping, keeping a table cell's {@code colspan} and {@code rowspan} (the default drops them). */
final class SpanKeepingHtmlMapper extends DefaultHtmlMapper {
    @Override
    public String mapSafeAttribute(String elementName, String attributeName) {
        boolean cell = "td".equals(elementName) || "th".equals(elementName);
        if (cell && ("colspan".equals(attributeName) || "rowspan".equals(attributeName))) return attributeName;
        return super.mapSafeAttribute(elementName, attributeName);
    }
}
