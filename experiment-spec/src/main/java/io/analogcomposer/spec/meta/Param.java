package io.analogcomposer.spec.meta;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The single description of one field of the experiment format: its one-line documentation, default, range
 * and where it applies. The JSON Schema, the default resolution and the UI's help texts are all derived from
 * these annotations, so a field is described in exactly one place.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {

    /** Marker for "no default": the field stays absent unless the user (or a preset) sets it. */
    String NO_DEFAULT = "\u0000";

    /** One sentence for users: what the field does, with its unit. */
    String doc();

    /**
     * The default as a JSON literal ({@code "0.06"}, {@code "true"}, {@code "\"abs_max\""}, {@code "{}"} for a
     * nested object filled with its own defaults), or {@link #NO_DEFAULT}.
     */
    String def() default NO_DEFAULT;

    /**
     * Defaults that differ by the record's {@code type}, as {@code "type_name=json"}; they win over
     * {@link #def()}. AIHWKit's device classes override some inherited defaults, and this keeps those
     * differences next to the field.
     */
    String[] defFor() default {};

    /** Inclusive lower bound for numbers (and for every item of a list of numbers). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Inclusive upper bound for numbers (and for every item of a list of numbers). */
    double max() default Double.POSITIVE_INFINITY;

    /** Makes {@link #min()} exclusive. */
    boolean exclusiveMin() default false;

    /** Makes {@link #max()} exclusive. */
    boolean exclusiveMax() default false;

    /** The field must be present in the user's document. */
    boolean required() default false;

    /** For a record tagged by {@code type}: the type names this field exists for; empty means all. */
    String[] appliesTo() default {};

    /** For a field that only some types require: the type names that require it. */
    String[] requiredFor() default {};

    /** Minimum number of items of a list. */
    int minItems() default 0;

    /** Maximum number of items of a list. */
    int maxItems() default Integer.MAX_VALUE;

    /**
     * Names a {@link io.analogcomposer.spec.catalogue.Catalogue} list whose names are the only allowed values
     * of this string field (e.g. {@code "datasets"}); empty for free text.
     */
    String catalogue() default "";

    /**
     * With {@link #catalogue()}: a regular expression for values allowed besides the catalogue's names (the names of
     * users' uploaded datasets, {@code user:<uuid>}); empty when only the catalogue's names are allowed.
     */
    String orPattern() default "";
}
