package dev.batch.worker.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.DrawObject;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingColorN;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceCMYKColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceGrayColor;
import org.apache.pdfbox.contentstream.operator.color.SetNonStrokingDeviceRGBColor;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.util.Matrix;

/** The content-stream operators that draw a page's {@link PdfRulings}, for the engine that reads its text. */
final class DrawingOperators {
    private DrawingOperators() {}

    /**
     * The operators that feed this drawing, for the stream engine that reads the page: path construction and
     * painting, the fill colour, and pictures ({@code Do} of an image, inline images); {@code Do} of a form
     * goes on to the engine's own handling.
     */
    static List<OperatorProcessor> of(PDFStreamEngine engine, PdfRulings pen) {
        List<OperatorProcessor> ops = new ArrayList<>();
        for (String name :
                List.of("m", "l", "c", "v", "y", "h", "re", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "BI"))
            ops.add(new Path(engine, pen, name));
        ops.add(new Picture(engine, pen, new DrawObject(engine)));
        ops.add(new FillColorSpace(engine));
        ops.add(new SetNonStrokingColor(engine));
        ops.add(new SetNonStrokingColorN(engine));
        ops.add(new SetNonStrokingDeviceRGBColor(engine));
        ops.add(new SetNonStrokingDeviceGrayColor(engine));
        ops.add(new SetNonStrokingDeviceCMYKColor(engine));
        return ops;
    }

    /** A path operator, its operands taken through the current transformation. */
    private static final class Path extends OperatorProcessor {
        private final PdfRulings pen;
        private final String name;

        Path(PDFStreamEngine engine, PdfRulings pen, String name) {
            super(engine);
            this.pen = pen;
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public void process(Operator operator, List<COSBase> operands) {
            if (!pen.recording) return;
            float[] v = new float[operands.size()];
            for (int i = 0; i < v.length; i++) {
                if (!(operands.get(i) instanceof COSNumber number)) return;
                v[i] = number.floatValue();
            }
            Matrix ctm = getContext().getGraphicsState().getCurrentTransformationMatrix();
            switch (name) {
                case "m" -> {
                    if (v.length >= 2) pen.moveTo(ctm.transformPoint(v[0], v[1]));
                }
                case "l" -> {
                    if (v.length >= 2) pen.lineTo(ctm.transformPoint(v[0], v[1]));
                }
                case "c" -> {
                    if (v.length >= 6) pen.curveTo(ctm.transformPoint(v[4], v[5]));
                }
                case "v", "y" -> {
                    if (v.length >= 4) pen.curveTo(ctm.transformPoint(v[2], v[3]));
                }
                case "re" -> {
                    if (v.length < 4) return;
                    pen.moveTo(ctm.transformPoint(v[0], v[1]));
                    pen.lineTo(ctm.transformPoint(v[0] + v[2], v[1]));
                    pen.lineTo(ctm.transformPoint(v[0] + v[2], v[1] + v[3]));
                    pen.lineTo(ctm.transformPoint(v[0], v[1] + v[3]));
                    pen.closePath();
                }
                case "h" -> pen.closePath();
                case "S", "B", "B*" -> pen.strokePath();
                case "s", "b", "b*" -> {
                    pen.closePath();
                    pen.strokePath();
                }
                case "f", "F", "f*" ->
                    pen.fillPath(getContext().getGraphicsState().getNonStrokingColor());
                case "n" -> pen.endPath();
                case "BI" -> pen.picture(ctm);
                default -> {}
            }
        }
    }

    /** {@code Do}: an image is a picture on the page; a form is read on by the engine. */
    private static final class Picture extends OperatorProcessor {
        private final PdfRulings pen;
        private final OperatorProcessor forms;

        Picture(PDFStreamEngine engine, PdfRulings pen, OperatorProcessor forms) {
            super(engine);
            this.pen = pen;
            this.forms = forms;
        }

        @Override
        public String getName() {
            return forms.getName();
        }

        @Override
        public void process(Operator operator, List<COSBase> operands) throws IOException {
            PDResources resources = getContext().getResources();
            if (!operands.isEmpty()
                    && operands.get(0) instanceof COSName name
                    && resources != null
                    && resources.isImageXObject(name)) {
                if (pen.recording) pen.picture(getContext().getGraphicsState().getCurrentTransformationMatrix());
                return;
            }
            forms.process(operator, operands);
        }
    }
}
