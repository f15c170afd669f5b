package dev.ordersync.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ordersync.server.RunningServer;
import dev.ordersync.server.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared modules in a real Chromium under the pages' CSP: the cookie session survives a reload
 * without any token in storage, and the live socket connects with the access token in its first
 * message.
 */
class WebSessionInBrowserTest {
  @RegisterExtension static final RunningServer server = RunningServer.create();
  @RegisterExtension static final Browser browser = Browser.create();

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSignedInPageReloadsSignedInWithNoTokenInStorageAndFollowsItsFeed() {
    Scenario story = server.scenario();
    Scenario.Owner owner = story.anOwnerWithARestaurant("세션 식당");
    Browser.Window w = browser.window();
    w.open(base() + "/app/");
    Object signedIn =
        w.asyncScript(
            "const done = arguments[arguments.length - 1];"
                + "import('/assets/shared/api.js').then(async m => {"
                + "  const api = new m.Api({session: true});"
                + "  await api.login(arguments[0], 'correct horse battery');"
                + "  done({token: api.accessToken !== null, cookie: document.cookie});"
                + "}).catch(e => done({error: String(e)}));",
            owner.email());
    Map<String, Object> first = (Map<String, Object>) signedIn;
    assertEquals(Boolean.TRUE, first.get("token"), first.toString());
    assertFalse(String.valueOf(first.get("cookie")).contains("ordersync_refresh"));

    w.open(base() + "/app/");
    Map<String, Object> resumed =
        (Map<String, Object>)
            w.asyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "Promise.all([import('/assets/shared/api.js'),"
                    + " import('/assets/shared/live.js')]).then(async ([m, l]) => {"
                    + "  const api = new m.Api({session: true});"
                    + "  const ok = await api.resume();"
                    + "  if (!ok) { done({resumed: false}); return; }"
                    + "  const me = await api.get('/auth/me');"
                    + "  const states = [];"
                    + "  l.connect({path: '/ws/restaurants/me/orders', token: () => api.token(),"
                    + "    onState: s => states.push(s),"
                    + "    onMessage: msg => { if (msg.type === 'snapshot') done({resumed: true,"
                    + "      email: me.email, snapshot: msg.orders.length, states}); }});"
                    + "}).catch(e => done({error: String(e)}));");
    assertEquals(Boolean.TRUE, resumed.get("resumed"), resumed.toString());
    assertEquals(owner.email(), resumed.get("email"));
    assertEquals(0L, ((Number) resumed.get("snapshot")).longValue());
    assertTrue(((List<String>) resumed.get("states")).contains("live"), resumed.toString());

    assertTrue(w.localStorage().isEmpty(), w.localStorage().toString());
    assertEquals(List.of(), w.consoleErrors());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theServersFieldMessagesAreSaidInKoreanOnAKoreanPage() {
    Browser.Window w = browser.window();
    w.open(base() + "/app/");
    List<String> said =
        (List<String>)
            w.asyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "Promise.all([import('/assets/shared/field-messages.js'),"
                    + " import('/assets/shared/i18n.js')]).then(([f, i]) => {"
                    + "  i.setLang('ko');"
                    + "  const ko = ['is required', 'must be a whole number of won between 0 and"
                    + " 10000000', 'not a Korean phone number', 'something new'].map(f.fieldMessage);"
                    + "  i.setLang('en'); const en = f.fieldMessage('is required'); i.setLang('ko');"
                    + "  done([...ko, en, '식혜' + f.particle('식혜', '을', '를'),"
                    + "   '비빔밥' + f.particle('비빔밥', '을', '를')]);"
                    + "}).catch(e => done(['error ' + e]));");
    assertEquals(
        List.of(
            "필수 항목입니다",
            "0원부터 10000000원 사이의 정수로 입력해 주세요",
            "올바른 전화번호가 아닙니다 (예: 010-1234-5678)",
            "입력값을 확인해 주세요 (something new)",
            "is required",
            "식혜를",
            "비빔밥을"),
        said);
  }

  @Test
  void thePlaceholderPagesPassAxe() {
    Browser.Window w = browser.window();
    w.open(base() + "/r/0193a5b2-7c4e-7d1a-9f00-000000000001");
    w.waitFor(Duration.ofSeconds(5), d -> d.getTitle() != null);
    assertEquals(List.of(), w.accessibilityProblems());
  }
}
