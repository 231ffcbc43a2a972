package dev.batch.worker.parse;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.color.PDColor;
import org.apache.pdfbox.pdmodel.graphics.color.PDColorSpace;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceCMYK;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;

/**
 * {@code cs}: the colour space later fills are painted in, as far as telling a white fill from an inked one
 * needs it. An ICC-based space stands in as the device space of as many components: PDFBox's own operator
 * builds the ICC transform at every {@code cs} of a space its resources hold directly, which made a page
 * of figures cost half as much again. A spot colour (separation, DeviceN) is ink by its tint; any other
 * space is PDFBox's.
 */
final class FillColorSpace extends OperatorProcessor {
    FillColorSpace(PDFStreamEngine engine) {
        super(engine);
    }

    @Override
    public String getName() {
        return "cs";
    }

    @Override
    public void process(Operator operator, List<COSBase> operands) throws IOException {
        if (operands.isEmpty() || !(operands.get(0) instanceof COSName name)) return;
        PDColorSpace space = space(name, getContext().getResources());
        getContext().getGraphicsState().setNonStrokingColorSpace(space);
        getContext().getGraphicsState().setNonStrokingColor(space.getInitialColor());
    }

    private static PDColorSpace space(COSName name, PDResources resources) throws IOException {
        PDColorSpace device = device(name);
        if (device != null) return device;
        COSDictionary named =
                resources == null ? null : resources.getCOSObject().getCOSDictionary(COSName.COLORSPACE);
        COSBase definition = named == null ? null : named.getDictionaryObject(name);
        if (definition instanceof COSName alias && device(alias) != null) return device(alias);
        if (definition instanceof COSArray array && array.size() >= 2 && array.getObject(0) instanceof COSName kind) {
            if (COSName.ICCBASED.equals(kind) && array.getObject(1) instanceof COSStream profile)
                return byComponents(profile.getInt(COSName.N, 3));
            if (COSName.SEPARATION.equals(kind)) return new Tint(1);
            if (COSName.DEVICEN.equals(kind) && array.getObject(1) instanceof COSArray inks)
                return new Tint(Math.max(1, inks.size()));
        }
        return resources == null ? PDDeviceGray.INSTANCE : resources.getColorSpace(name);
    }

    private static PDColorSpace device(COSName name) {
        if (COSName.DEVICEGRAY.equals(name) || COSName.G.equals(name)) return PDDeviceGray.INSTANCE;
        if (COSName.DEVICERGB.equals(name) || COSName.RGB.equals(name)) return PDDeviceRGB.INSTANCE;
        if (COSName.DEVICECMYK.equals(name) || COSName.CMYK.equals(name)) return PDDeviceCMYK.INSTANCE;
        return null;
    }

    private static PDColorSpace byComponents(int n) {
        return n == 1 ? PDDeviceGray.INSTANCE : n == 4 ? PDDeviceCMYK.INSTANCE : PDDeviceRGB.INSTANCE;
    }

    /** Spot-colour inks: white where no ink is laid down, grey by the darkest ink otherwise. */
    static final class Tint extends PDColorSpace {
        private final int inks;

        Tint(int inks) {
            this.inks = inks;
        }

        @Override
        public String getName() {
            return "Tint";
        }

        @Override
        public int getNumberOfComponents() {
            return inks;
        }

        @Override
        public float[] getDefaultDecode(int bitsPerComponent) {
            float[] decode = new float[inks * 2];
            for (int i = 0; i < inks; i++) decode[2 * i + 1] = 1;
            return decode;
        }

        @Override
        public PDColor getInitialColor() {
            float[] full = new float[inks];
            Arrays.fill(full, 1);
            return new PDColor(full, this);
        }

        @Override
        public float[] toRGB(float[] value) {
            float ink = 0;
            for (float v : value) ink = Math.max(ink, v);
            return new float[] {1 - ink, 1 - ink, 1 - ink};
        }

        @Override
        public BufferedImage toRGBImage(WritableRaster raster) {
            throw new UnsupportedOperationException("a stand-in for telling white fills, never drawn");
        }

        @Override
        public BufferedImage toRawImage(WritableRaster raster) {
            throw new UnsupportedOperationException("a stand-in for telling white fills, never drawn");
        }
    }
}
