package dev.ordersync.server;

import dev.ordersync.server.observe.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Calls to AWS KMS as client spans, their requests carrying the span's {@code traceparent}: the AWS
 * SDK's own hook (an execution interceptor on the client the wiring builds), so ordersync-crypto
 * stays free of tracing.
 */
final class KmsTracing implements ExecutionInterceptor {
  private static final ExecutionAttribute<Span> SPAN = new ExecutionAttribute<>("ordersync.span");
  private final Tracing tracing;

  KmsTracing(Tracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void beforeExecution(
      software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
      ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    Span span =
        tracing
            .tracer()
            .spanBuilder("KMS/" + operation)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute("rpc.system", "aws-api")
            .setAttribute("rpc.service", "KMS")
            .setAttribute("rpc.method", operation)
            .startSpan();
    attributes.putAttribute(SPAN, span);
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest context,
      ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span == null || !span.getSpanContext().isValid()) {
      return context.httpRequest();
    }
    SdkHttpRequest.Builder request = context.httpRequest().toBuilder();
    try (var ignored = Context.current().with(span).makeCurrent()) {
      Tracing.inject(request::putHeader);
    }
    return request.build();
  }

  @Override
  public void afterExecution(
      software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
      ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      span.setAttribute("http.response.status_code", (long) context.httpResponse().statusCode());
      span.end();
    }
  }

  @Override
  public void onExecutionFailure(
      software.amazon.awssdk.core.interceptor.Context.FailedExecution context,
      ExecutionAttributes attributes) {
    Span span = attributes.getAttribute(SPAN);
    if (span != null) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute("error.type", context.exception().getClass().getName());
      span.end();
    }
  }
}
