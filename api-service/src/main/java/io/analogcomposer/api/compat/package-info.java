/**
 * The real Analog AI Cloud Composer's API, so that AIHWKit's unchanged cloud client ({@code CloudRunner},
 * {@code InferenceCloudRunner}) runs experiments on Analog Composer.
 *
 * <p>Users create an API token in Analog Composer and point the client at the prefix (default {@code /aihw/},
 * property {@code composer.compat.prefix}), in {@code ./aihwkit.conf} or {@code ~/.config/aihwkit/aihwkit.conf}:
 *
 * <pre>
 * [cloud]
 * api_url = https://composer.example.org/aihw
 * api_token = aimc_...
 * </pre>
 *
 * <p>Endpoints (relative to the prefix): {@code POST token/login} (API token → JWT), {@code GET experiments/me},
 * {@code POST experiments}, {@code GET experiments/{id}}, {@code POST inputs} (signed upload URL), {@code POST jobs},
 * {@code GET jobs/{id}}, {@code GET inputs/{id}/file} and {@code GET outputs/{id}/file} (signed download URLs), and
 * the signed transfer URLs under {@code files/}. An experiment is one of ours, its uploaded protobuf input is
 * translated into its document ({@link io.analogcomposer.api.compat.translate.InputTranslator}), a job is a run of
 * it through the validator, queues and workers, and the run's result is written as the client's output message
 * ({@link io.analogcomposer.api.compat.translate.OutputWriter}). Experiments made elsewhere are listed to the client
 * only when they have run and {@link io.analogcomposer.api.compat.translate.InputWriter} can write their document as
 * the input message, exactly (see {@code CompatService.list}). Protocol reference:
 * {@code test-support/src/main/resources/reference/aihwkit-cloud.md}.
 */
package io.analogcomposer.api.compat;
