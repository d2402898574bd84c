package io.elasticface.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's chromium, headless, driven by its chromedriver (never downloaded:
 * both paths are given). It uploads a course photo and reads the box and the name from the page, enrolls photos
 * and sees the subject, and watches the Live page while a workload runs. Screenshots go to target/console-*.png.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("elasticface.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("elasticface.chromedriver", "/usr/bin/chromedriver"));
    private static ChromeDriver browser;
    private static Path photos;
    private static String web;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "no browser: " + CHROMIUM + " and "
                + DRIVER + " are needed (apt-get install chromium chromium-driver): skipping");
        photos = Path.of(System.getProperty("elasticface.shared", "../shared")).resolve("datasets/cse546-faces-enroll");
        assumeTrue(Files.isDirectory(photos), "dataset cse546-faces-enroll is absent (looked in "
                + photos.toAbsolutePath() + "): skipping");
        web = EngineSystem.get().webA;
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        browser.manage().window().setSize(new Dimension(1100, 900));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aDroppedPhotoIsShownWithItsBoxAndItsName() throws IOException {
        enrollWang();
        browser.get(web + "/#recognize");
        browser.findElement(By.id("photo")).sendKeys(photo("test_019").toString());
        WebElement box = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#stage .box")));
        assertThat(box.getAttribute("data-name")).isEqualTo("Wang");
        assertThat(box.getSize().getWidth()).as("a box drawn over the face").isGreaterThan(10);
        assertThat(browser.findElement(By.id("faces")).getText()).startsWith("Wang — distance");
        assertThat(browser.findElement(By.id("timings")).getText()).contains("ms in all");
        screenshot("recognize");

        // a refusal shows the API's sentence
        Path text = Files.writeString(Files.createTempFile("not-a-photo", ".jpg"), "hello");
        browser.findElement(By.id("photo")).sendKeys(text.toString());
        WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).contains("is not a JPEG, PNG, WebP or BMP image");
    }

    @Test
    void photosEnrolledOnThePeoplePageMakeASubjectThatCanBeDeleted() {
        browser.get(web + "/#people");
        browser.findElement(By.id("new-collection")).sendKeys("console");
        browser.findElement(By.id("subject")).sendKeys("Paul");
        browser.findElement(By.id("enroll-photos")).sendKeys(photo("test_040") + "\n" + photo("test_070"));
        WebElement row = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#subjects tr.subject[data-subject='Paul']")));
        assertThat(row.getText()).contains("Paul").contains("2");
        assertThat(browser.findElements(By.cssSelector("#enroll-results li.enrolled"))).hasSize(2);
        WebElement thumb = row.findElement(By.cssSelector("img.thumb"));
        waitFor().until(d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return arguments[0].naturalWidth", thumb)).intValue() == 96);
        screenshot("people");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.confirm = () => true");
        row.findElement(By.className("delete")).click();
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#subjects tr.subject[data-subject='Paul']")));
    }

    @Test
    void theLivePageFollowsAWorkload() throws Exception {
        browser.get(web + "/#live");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-running"), "0"));
        assertThat(browser.findElement(By.id("live-note")).getText()).isEmpty(); // the autoscaler answers
        AtomicBoolean sawQueue = new AtomicBoolean();
        AtomicBoolean sawRunning = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Path> files;
            try (var list = Files.list(photos)) {
                files = list.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(60).toList();
            }
            CompletableFuture<?>[] load = files.stream().map(p -> CompletableFuture.runAsync(() -> {
                try {
                    Http.upload(web + "/", "inputFile", p.getFileName().toString(), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, clients)).toArray(CompletableFuture[]::new);
            while (!CompletableFuture.allOf(load).isDone()) {
                String queued = browser.findElement(By.id("live-queue-visible")).getText();
                String inFlight = browser.findElement(By.id("live-queue-inflight")).getText();
                if (!queued.equals("0") && !queued.equals("–") || !inFlight.equals("0") && !inFlight.equals("–")) {
                    sawQueue.set(true);
                }
                if (!browser.findElement(By.id("live-running")).getText().equals("0")) {
                    sawRunning.set(true);
                }
                Thread.sleep(200);
            }
            CompletableFuture.allOf(load).get();
        } finally {
            clients.shutdownNow();
        }
        waitFor().until(d -> d.findElements(By.cssSelector("#live-last li")).size() >= 10);
        assertThat(sawQueue).as("the queue the autoscaler reads, seen on the page during the workload").isTrue();
        assertThat(sawRunning).as("instances the autoscaler started, seen on the page").isTrue();
        assertThat(browser.findElement(By.id("live-last")).getText()).contains("/ 200 ");
        assertThat(Double.parseDouble(browser.findElement(By.id("live-rate")).getText())).isPositive();
        assertThat(browser.findElements(By.cssSelector("#live-chart polyline"))).hasSize(4);
        screenshot("live");
    }

    /** Without JavaScript the page still has a plain form, whose answer is the course's one line. */
    @Test
    void aBrowserWithoutJavaScriptUploadsThroughThePlainForm() {
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu")
                .setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
        ChromeDriver plain = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        try {
            enrollWang();
            plain.get(web + "/");
            WebElement file = plain.findElement(By.cssSelector("noscript form input[name='inputFile'], form input[name='inputFile']"));
            file.sendKeys(photo("test_019").toString());
            file.submit();
            new WebDriverWait(plain, Duration.ofSeconds(30)).until(d -> d.findElement(By.tagName("body")).getText()
                    .contains("test_019:"));
            assertThat(plain.findElement(By.tagName("body")).getText()).isEqualTo("test_019:Wang");
        } finally {
            plain.quit();
        }
    }

    private static void enrollWang() {
        var r = Http.upload(web + "/collections/default/subjects/Wang/faces", "inputFile", "test_019.jpg",
                read(photo("test_019")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static Path photo(String stem) {
        return photos.resolve(stem + ".jpg").toAbsolutePath().normalize();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static void screenshot(String page) {
        try {
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "console-" + page + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
