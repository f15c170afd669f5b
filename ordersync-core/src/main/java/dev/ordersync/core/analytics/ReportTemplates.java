package dev.ordersync.core.analytics;

import dev.ordersync.core.payment.GetSettlement;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/** The Korean text of the owner's report emails (plain text). */
final class ReportTemplates {
  private ReportTemplates() {}

  static String dailySubject(String restaurant, LocalDate day) {
    return "[OrderSync] " + restaurant + " " + date(day) + " 일일 매출 리포트";
  }

  static String dailyBody(String restaurant, SalesAnalytics a, GetSettlement.Settlement s) {
    StringBuilder b = new StringBuilder();
    b.append(restaurant).append(" 사장님, 안녕하세요.\n");
    b.append(date(a.from())).append(" 영업 결과를 알려 드립니다.\n\n");
    b.append("■ 주문\n");
    b.append("주문 ").append(count(a.orders())).append("건");
    b.append(" (취소 ").append(count(a.canceled())).append("건, 거절 ");
    b.append(count(a.rejected())).append("건)\n");
    b.append("총매출 ").append(won(a.gross())).append("\n");
    b.append("환불 ").append(won(a.refunds())).append("\n");
    b.append("순매출 ").append(won(a.net())).append("\n");
    b.append("객단가 ").append(won(a.averageOrderValue())).append("\n\n");
    b.append("■ 온라인 결제 정산 (토스페이먼츠)\n");
    b.append("결제 ").append(count(s.paymentCount())).append("건 ").append(won(s.gross()));
    b.append(" / 환불 ").append(count(s.refundCount())).append("건 ").append(won(s.refunds()));
    b.append("\n수수료 ").append(won(s.fee())).append(" / 정산 금액 ").append(won(s.net()));
    b.append("\n\n");
    items(b, a.topItems());
    b.append("매장 결제(현장 결제)는 완료된 주문으로 총매출에 포함되며 정산에는 포함되지 않습니다.\n");
    footer(b, "매일 영업 종료 후");
    return b.toString();
  }

  static String weeklySubject(String restaurant, LocalDate monday) {
    return "[OrderSync] "
        + restaurant
        + " 주간 리포트 ("
        + shortDate(monday)
        + "~"
        + shortDate(monday.plusDays(6))
        + ")";
  }

  static String weeklyBody(String restaurant, SalesAnalytics week, SalesAnalytics before) {
    StringBuilder b = new StringBuilder();
    b.append(restaurant).append(" 사장님, 안녕하세요.\n");
    b.append(date(week.from())).append("부터 ").append(date(week.to()));
    b.append("까지 한 주의 요약입니다. 괄호 안은 지난주 대비입니다.\n\n");
    b.append("주문 ").append(count(week.orders())).append("건");
    b.append(trend(week.orders(), before.orders())).append("\n");
    b.append("총매출 ").append(won(week.gross())).append(trend(week.gross(), before.gross()));
    b.append("\n환불 ").append(won(week.refunds())).append("\n");
    b.append("순매출 ").append(won(week.net())).append(trend(week.net(), before.net()));
    b.append("\n객단가 ").append(won(week.averageOrderValue()));
    b.append(trend(week.averageOrderValue(), before.averageOrderValue())).append("\n");
    b.append("취소율 ").append(percent(week.cancelRate()));
    b.append(" / 거절율 ").append(percent(week.rejectRate())).append("\n\n");
    b.append("■ 요일별 순매출\n");
    for (SalesAnalytics.Point p : week.series()) {
      b.append(p.start().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.KOREAN));
      b.append(" ").append(won(p.net())).append(" (").append(count(p.orders())).append("건)\n");
    }
    b.append("\n");
    items(b, week.topItems());
    footer(b, "매주 월요일 오전");
    return b.toString();
  }

  private static void items(StringBuilder b, List<SalesAnalytics.Item> items) {
    b.append("■ 많이 팔린 메뉴\n");
    if (items.isEmpty()) {
      b.append("판매된 메뉴가 없습니다.\n");
    }
    int rank = 1;
    for (SalesAnalytics.Item i : items.stream().limit(5).toList()) {
      b.append(rank++).append(". ").append(i.name()).append(" ").append(count(i.count()));
      b.append("개 (").append(won(i.revenue())).append(")\n");
    }
    b.append("\n");
  }

  private static void footer(StringBuilder b, String when) {
    b.append("이 메일은 ").append(when).append(" 발송됩니다.");
    b.append(" 받지 않으려면 매장 설정에서 리포트 메일을 꺼 주세요.\n");
  }

  /** {@code ▲ 12.5%}, {@code ▼ 3.0%}, {@code 변동 없음}, or {@code -} when last week had none. */
  static String trend(long now, long before) {
    BigDecimal c = SendOwnerReports.change(now, before);
    if (c == null) {
      return " (지난주 기록 없음)";
    }
    if (c.signum() == 0) {
      return " (변동 없음)";
    }
    return " (" + (c.signum() > 0 ? "▲ " : "▼ ") + c.abs().toPlainString() + "%)";
  }

  static String won(long amount) {
    return String.format(Locale.ROOT, "%,d원", amount);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(BigDecimal rate) {
    return rate.movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
  }

  static String date(LocalDate day) {
    return day.getYear()
        + "년 "
        + day.getMonthValue()
        + "월 "
        + day.getDayOfMonth()
        + "일 ("
        + day.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.KOREAN)
        + ")";
  }

  private static String shortDate(LocalDate day) {
    return day.getMonthValue() + "/" + day.getDayOfMonth();
  }
}
