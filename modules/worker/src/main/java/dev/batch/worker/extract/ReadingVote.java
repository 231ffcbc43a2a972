package dev.batch.worker.extract;

import dev.batch.worker.extract.FieldConcepts.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * One field's answers from several OCR readings of a scan, combined. Digits are what OCR misreads
 * most, and readings of the same scan (another page segmentation, the image scaled) misread them
 * differently: an amount or a date that two readings agree on beats one that a single reading found,
 * however sure it was. Each value gathers the confidences of the readings that answered it; the first
 * reading wins a tie. Text (names, addresses) differs between readings by a letter here and there and
 * is not counted: another reading replaces the first one's only when it is clearly surer.
 */
final class ReadingVote {
    /** How much surer another reading's text must be to replace the first reading's. */
    static final double SURER = 0.1;

    private ReadingVote() {}

    /** The answer for {@code m} from {@code answers}, the first reading's first. */
    static Answer of(FieldMeaning m, List<Answer> answers) {
        return counted(m) ? byVotes(answers) : surest(answers);
    }

    private static boolean counted(FieldMeaning m) {
        String type = m.field().type();
        return m.kind() == Kind.AMOUNT || m.kind() == Kind.DATE || type.equals("number") || type.equals("integer");
    }

    private static Answer byVotes(List<Answer> answers) {
        List<Answer> firsts = new ArrayList<>();
        List<double[]> votes = new ArrayList<>();
        for (Answer a : answers) {
            if (!a.found()) continue;
            int at = indexOf(firsts, a);
            if (at < 0) {
                firsts.add(a);
                votes.add(new double[] {a.confidence(), 1, a.confidence()});
            } else {
                double[] v = votes.get(at);
                v[0] += a.confidence();
                v[1]++;
                v[2] = Math.max(v[2], a.confidence());
            }
        }
        if (firsts.isEmpty()) return answers.get(0);
        int best = 0;
        for (int i = 1; i < firsts.size(); i++) {
            double[] v = votes.get(i);
            double[] b = votes.get(best);
            if (v[1] > b[1] || (v[1] == b[1] && v[0] > b[0] + 1e-9)) best = i;
        }
        double[] v = votes.get(best);
        if (v[1] < 2) return answers.get(0).found() ? answers.get(0) : surest(answers);
        Answer a = firsts.get(best);
        double confidence = Math.min(0.99, v[2] + 0.1 * (v[1] - 1));
        String why = a.reasoning() + "; " + (int) v[1] + " of " + answers.size() + " OCR readings read it";
        return new Answer(a.value(), confidence, a.citations(), why);
    }

    private static int indexOf(List<Answer> answers, Answer a) {
        for (int i = 0; i < answers.size(); i++) if (same(answers.get(i), a)) return i;
        return -1;
    }

    private static boolean same(Answer a, Answer b) {
        if (a.value().isNumber() && b.value().isNumber())
            return a.value().decimalValue().compareTo(b.value().decimalValue()) == 0;
        return a.value().equals(b.value());
    }

    private static Answer surest(List<Answer> answers) {
        Answer a = answers.get(0);
        for (Answer b : answers.subList(1, answers.size())) {
            if (b.found() && (!a.found() || b.confidence() > a.confidence() + SURER)) {
                a = new Answer(b.value(), b.confidence(), b.citations(), b.reasoning() + " (another OCR reading)");
            }
        }
        return a;
    }
}
