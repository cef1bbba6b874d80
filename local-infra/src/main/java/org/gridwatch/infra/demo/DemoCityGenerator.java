package org.gridwatch.infra.demo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates the demo city Yunlong (云龙市): its area hierarchy as GeoJSON, its departments and its routing
 * rules, in the shapes of DESIGN.md section 9. Seeded, so the committed files are exactly what it writes.
 */
public final class DemoCityGenerator {

    /** Classpath folder of the generated files. */
    public static final String RESOURCE_FOLDER = "/org/gridwatch/infra/demo/";
    public static final String AREAS = "areas.geojson";
    public static final String DEPARTMENTS = "departments.json";
    public static final String RULES = "rules.json";

    private static final long SEED = 20260117L;

    // Coordinates are whole micro-degrees, so the 6-decimal output is exact and shared edges stay shared.
    private static final long MICRO = 1_000_000L;
    private static final double KM_PER_DEGREE_LAT = 111.32;
    private static final double KM_PER_DEGREE_LON = KM_PER_DEGREE_LAT * Math.cos(Math.toRadians(34.2));

    private static final Rect CITY = new Rect(117_100_000L, 34_120_000L, 117_340_000L, 34_300_000L);
    private static final long NORTH_SOUTH_LINE = 34_213_700L;
    private static final long GULOU_JIAWANG_LINE = 117_226_200L;
    private static final long QUANSHAN_YUNHU_LINE = 117_179_400L;
    private static final long YUNHU_TONGSHAN_LINE = 117_261_800L;

    /** The busy old town whose manhole covers get a P0 override, and the low-lying lakeside community. */
    private static final String BUSY_DISTRICT = "GL";
    private static final String LAKESIDE_COMMUNITY = "YL-YH-01-01";

    private static final List<String> URBAN_CATEGORIES =
            List.of("ROAD_DAMAGE", "MANHOLE_COVER", "STREET_LIGHT", "PUBLIC_FACILITY", "CITY_APPEARANCE");
    private static final List<String> STREET_OFFICE_CATEGORIES = List.of("ACCESS_OBSTACLE", "CIVIC_SUGGESTION");

    private static final List<String[]> STREET_NAMES = pairs(
            "丰财", "Fengcai", "牌楼", "Pailou", "环城", "Huancheng", "黄楼", "Huanglou", "琵琶", "Pipa",
            "九里", "Jiuli", "铜沛", "Tongpei", "大庙", "Damiao", "子房", "Zifang", "翟山", "Zhaishan",
            "云兴", "Yunxing", "湖滨", "Hubin", "彭城", "Pengcheng", "金山", "Jinshan", "七里", "Qili",
            "奎山", "Kuishan", "泉城", "Quancheng", "汉王", "Hanwang", "柳新", "Liuxin", "青山泉", "Qingshanquan",
            "大吴", "Dawu", "茅村", "Maocun", "紫庄", "Zizhuang", "潘塘", "Pantang");

    private static final List<String[]> COMMUNITY_NAMES = pairs(
            "和平", "Heping", "建设", "Jianshe", "民主", "Minzhu", "新华", "Xinhua", "解放", "Jiefang",
            "胜利", "Shengli", "光明", "Guangming", "幸福", "Xingfu", "团结", "Tuanjie", "友谊", "Youyi",
            "东方", "Dongfang", "朝阳", "Chaoyang", "阳光", "Yangguang", "翠湖", "Cuihu", "兴隆", "Xinglong",
            "锦绣", "Jinxiu", "春晖", "Chunhui", "金桥", "Jinqiao", "银河", "Yinhe", "星光", "Xingguang",
            "长安", "Chang'an", "永安", "Yong'an", "康乐", "Kangle", "安居", "Anju", "华苑", "Huayuan",
            "丽景", "Lijing", "泰和", "Taihe", "瑞祥", "Ruixiang", "福寿", "Fushou", "桃园", "Taoyuan",
            "梨园", "Liyuan", "杏林", "Xinglin", "松竹", "Songzhu", "梅园", "Meiyuan", "兰亭", "Lanting",
            "荷花", "Hehua", "牡丹", "Mudan", "紫薇", "Ziwei", "桂香", "Guixiang", "秀水", "Xiushui",
            "清波", "Qingbo", "云台", "Yuntai", "龙湖", "Longhu", "凤鸣", "Fengming", "鹤鸣", "Heming",
            "燕子楼", "Yanzilou", "戏马台", "Ximatai", "户部山", "Hubushan", "云龙山", "Yunlongshan", "南湖", "Nanhu",
            "北苑", "Beiyuan", "西苑", "Xiyuan", "东苑", "Dongyuan", "中山", "Zhongshan", "淮海", "Huaihai",
            "黄河", "Huanghe", "运河", "Yunhe", "矿山", "Kuangshan", "煤建", "Meijian", "电厂", "Dianchang",
            "铁路", "Tielu", "工农", "Gongnong", "新村", "Xincun", "桥头", "Qiaotou", "文化", "Wenhua",
            "体育", "Tiyu", "学苑", "Xueyuan", "科技", "Keji", "汉城", "Hancheng", "楚园", "Chuyuan",
            "彭祖", "Pengzu", "泉润", "Quanrun", "金鼎", "Jinding", "天成", "Tiancheng", "宝莲", "Baolian",
            "翡翠", "Feicui", "青年", "Qingnian", "育才", "Yucai", "振兴", "Zhenxing", "富民", "Fumin");
    private static final String[] LAKESIDE_NAME = {"滨湖", "Binhu"};

    private enum Level { CITY, DISTRICT, STREET, COMMUNITY, GRID }

    /** An axis-aligned rectangle in micro-degrees. */
    private record Rect(long west, long south, long east, long north) {

        double widthKm() {
            return (east - west) / (double) MICRO * KM_PER_DEGREE_LON;
        }

        double heightKm() {
            return (north - south) / (double) MICRO * KM_PER_DEGREE_LAT;
        }
    }

    private record Area(String code, String name, Level level, String parentCode, Rect rect) {
    }

    /** A district: the denser the district, the smaller its grids. */
    private record District(String key, String zh, String pinyin, Rect rect, int streets, double gridSideKm) {
    }

    private final Random random = new Random(SEED);
    private final List<Area> areas = new ArrayList<>();
    private final List<ObjectNode> departments = new ArrayList<>();
    private final List<ObjectNode> rules = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    private DemoCityGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DemoCityGenerator OUTPUT_FOLDER   (the committed files live in "
                    + "local-infra/src/main/resources" + RESOURCE_FOLDER + ")");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        DemoCityGenerator city = new DemoCityGenerator().build();
        for (Map.Entry<String, String> file : city.files().entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }
        Map<Level, Integer> counts = new LinkedHashMap<>();
        city.areas.forEach(a -> counts.merge(a.level(), 1, Integer::sum));
        System.out.printf("Wrote %s, %s, %s to %s: %s, %d departments, %d rules%n", AREAS, DEPARTMENTS, RULES,
                folder.toAbsolutePath(), counts, city.departments.size(), city.rules.size());
    }

    /** The three files by name; the same text on every call. */
    public static Map<String, String> generate() {
        return new DemoCityGenerator().build().files();
    }

    private Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(AREAS, areasGeoJson());
        files.put(DEPARTMENTS, jsonLines(departments));
        files.put(RULES, jsonLines(rules));
        return files;
    }

    private DemoCityGenerator build() {
        areas.add(new Area("YL", "云龙市 Yunlong City", Level.CITY, null, CITY));
        cityDepartmentsAndRules();
        Rect north = new Rect(CITY.west(), NORTH_SOUTH_LINE, CITY.east(), CITY.north());
        Rect south = new Rect(CITY.west(), CITY.south(), CITY.east(), NORTH_SOUTH_LINE);
        List<District> districts = List.of(
                new District("GL", "鼓楼区", "Gulou", withEast(north, GULOU_JIAWANG_LINE), 4, 0.78),
                new District("YH", "云湖区", "Yunhu", new Rect(QUANSHAN_YUNHU_LINE, south.south(), YUNHU_TONGSHAN_LINE, south.north()), 4, 0.72),
                new District("QS", "泉山区", "Quanshan", withEast(south, QUANSHAN_YUNHU_LINE), 3, 0.85),
                new District("TS", "铜山区", "Tongshan", withWest(south, YUNHU_TONGSHAN_LINE), 3, 1.05),
                new District("JW", "贾汪区", "Jiawang", withWest(north, GULOU_JIAWANG_LINE), 3, 1.3));
        List<String[]> streetNames = shuffled(STREET_NAMES);
        List<String[]> communityNames = shuffled(COMMUNITY_NAMES);
        for (District d : districts) {
            String districtCode = "YL-" + d.key();
            areas.add(new Area(districtCode, d.zh() + " " + d.pinyin() + " District", Level.DISTRICT, "YL", d.rect()));
            districtDepartmentsAndRules(d, districtCode);
            List<Rect> streets = split(d.rect(), d.streets());
            for (int s = 0; s < streets.size(); s++) {
                String streetCode = districtCode + "-" + twoDigits(s + 1);
                String[] streetName = streetNames.remove(0);
                areas.add(new Area(streetCode, streetName[0] + "街道 " + streetName[1] + " Subdistrict", Level.STREET,
                        districtCode, streets.get(s)));
                streetOfficeAndRules(d, s + 1, streetCode, streetName);
                List<Rect> communities = split(streets.get(s), 2 + random.nextInt(3));
                for (int c = 0; c < communities.size(); c++) {
                    String communityCode = streetCode + "-" + twoDigits(c + 1);
                    String[] communityName = communityCode.equals(LAKESIDE_COMMUNITY) ? LAKESIDE_NAME : communityNames.remove(0);
                    areas.add(new Area(communityCode, communityName[0] + "社区 " + communityName[1] + " Community",
                            Level.COMMUNITY, streetCode, communities.get(c)));
                    grids(communityCode, communityName, communities.get(c), d.gridSideKm());
                }
            }
        }
        rule("FLOODING", LAKESIDE_COMMUNITY, "D-WATER-YL", "P0", 6);
        return this;
    }

    private void grids(String communityCode, String[] communityName, Rect community, double sideKm) {
        int rows = Math.max(2, (int) Math.round(community.heightKm() / sideKm));
        int columns = Math.max(2, (int) Math.round(community.widthKm() / sideKm));
        long[] latitudes = cuts(community.north(), community.south(), rows);
        long[] longitudes = cuts(community.west(), community.east(), columns);
        int number = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                number++;
                String n = twoDigits(number);
                areas.add(new Area(communityCode + "-G" + n,
                        communityName[0] + "社区第" + n + "网格 " + communityName[1] + " Community Grid " + n, Level.GRID,
                        communityCode, new Rect(longitudes[c], latitudes[r + 1], longitudes[c + 1], latitudes[r])));
            }
        }
    }

    /**
     * Splits a rectangle into n parts by halving it recursively across its longer side at a jittered line:
     * irregular like real street boundaries, yet an exact tiling. Parts are ordered north before south, west
     * before east.
     */
    private List<Rect> split(Rect r, int n) {
        if (n == 1) {
            return List.of(r);
        }
        int first = n / 2;
        double fraction = first / (double) n * (0.85 + 0.3 * random.nextDouble());
        List<Rect> parts = new ArrayList<>();
        if (r.widthKm() >= r.heightKm()) {
            long line = r.west() + Math.round((r.east() - r.west()) * fraction);
            parts.addAll(split(withEast(r, line), first));
            parts.addAll(split(withWest(r, line), n - first));
        } else {
            long line = r.north() - Math.round((r.north() - r.south()) * fraction);
            parts.addAll(split(new Rect(r.west(), line, r.east(), r.north()), first));
            parts.addAll(split(new Rect(r.west(), r.south(), r.east(), line), n - first));
        }
        return parts;
    }

    /** n+1 coordinates from {@code from} to {@code to}, the n steps each within ±25% of an equal share. */
    private long[] cuts(long from, long to, int n) {
        double[] weights = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = 0.75 + 0.5 * random.nextDouble();
            total += weights[i];
        }
        long[] cuts = new long[n + 1];
        cuts[0] = from;
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += weights[i - 1];
            cuts[i] = from + Math.round((to - from) * sum / total);
        }
        cuts[n] = to;
        return cuts;
    }

    private void cityDepartmentsAndRules() {
        department("D-OPS-YL", "云龙市城市运行管理中心 (Yunlong City Operations Centre)", "YL");
        department("D-URBAN-YL", "云龙市城市管理局 (Yunlong Urban Management Bureau)", "YL");
        department("D-MARKET-YL", "云龙市市场监督管理局 (Yunlong Market Regulation Administration)", "YL");
        department("D-FIRE-YL", "云龙市消防救援支队 (Yunlong Fire and Rescue Detachment)", "YL");
        department("D-TRAFFIC-YL", "云龙市公安局交通警察支队 (Yunlong Traffic Police Detachment)", "YL");
        department("D-WATER-YL", "云龙水务集团 (Yunlong Water Group)", "YL");
        department("D-GAS-YL", "云龙港华燃气有限公司 (Yunlong Towngas Company)", "YL");
        department("D-HOUSING-YL", "云龙市住房和城乡建设局 (Yunlong Housing and Urban-Rural Development Bureau)", "YL");
        department("D-ECO-YL", "云龙市生态环境局 (Yunlong Ecology and Environment Bureau)", "YL");

        rule("*", "YL", "D-OPS-YL", null, null);
        rule("FIRE_HAZARD", "YL", "D-FIRE-YL", null, null);
        rule("GAS_LEAK", "YL", "D-GAS-YL", null, null);
        // Elevators are special equipment, which market regulation inspects in China.
        rule("ELEVATOR_SAFETY", "YL", "D-MARKET-YL", null, null);
        rule("TRAFFIC_SAFETY", "YL", "D-TRAFFIC-YL", null, null);
        rule("FLOODING", "YL", "D-WATER-YL", null, null);
        rule("BUILDING_SAFETY", "YL", "D-HOUSING-YL", null, null);
        rule("ENVIRONMENT", "YL", "D-ECO-YL", null, null);
        rule("FOOD_SAFETY", "YL", "D-MARKET-YL", null, null);
        // Districts own these first; the city bureau is where a district's return is re-dispatched.
        URBAN_CATEGORIES.forEach(category -> rule(category, "YL", "D-URBAN-YL", null, null));
    }

    private void districtDepartmentsAndRules(District d, String districtCode) {
        String urban = "D-URBAN-" + d.key();
        String market = "D-MARKET-" + d.key();
        String english = d.pinyin() + " District";
        department(urban, d.zh() + "城市管理局 (" + english + " Urban Management Bureau)", districtCode);
        department(market, d.zh() + "市场监督管理局 (" + english + " Market Regulation Administration)", districtCode);
        for (String category : URBAN_CATEGORIES) {
            boolean busyManholes = d.key().equals(BUSY_DISTRICT) && category.equals("MANHOLE_COVER");
            rule(category, districtCode, urban, busyManholes ? "P0" : null, busyManholes ? 4 : null);
        }
        rule("FOOD_SAFETY", districtCode, market, null, null);
    }

    private void streetOfficeAndRules(District d, int number, String streetCode, String[] name) {
        String office = "D-STREET-" + d.key() + "-" + twoDigits(number);
        department(office, d.zh() + name[0] + "街道办事处 (" + d.pinyin() + " District " + name[1] + " Subdistrict Office)",
                streetCode);
        STREET_OFFICE_CATEGORIES.forEach(category -> rule(category, streetCode, office, null, null));
    }

    private void department(String id, String name, String areaCode) {
        ObjectNode d = json.createObjectNode();
        d.put("id", id);
        d.put("name", name);
        d.put("areaCode", areaCode);
        departments.add(d);
    }

    private void rule(String category, String areaCode, String departmentId, String priority, Integer resolveHours) {
        ObjectNode r = json.createObjectNode();
        r.put("id", String.format("R-%04d", rules.size() + 1));
        r.put("category", category);
        r.put("areaCode", areaCode);
        r.put("departmentId", departmentId);
        if (priority != null) {
            r.put("priority", priority);
        }
        if (resolveHours != null) {
            r.put("resolveHours", resolveHours);
        }
        rules.add(r);
    }

    /** One feature a line, parents before children. */
    private String areasGeoJson() {
        Map<Long, NavigableSet<Long>> latitudesOnMeridian = new HashMap<>();
        Map<Long, NavigableSet<Long>> longitudesOnParallel = new HashMap<>();
        for (Area a : areas) {
            for (long lon : new long[] {a.rect().west(), a.rect().east()}) {
                for (long lat : new long[] {a.rect().south(), a.rect().north()}) {
                    latitudesOnMeridian.computeIfAbsent(lon, k -> new TreeSet<>()).add(lat);
                    longitudesOnParallel.computeIfAbsent(lat, k -> new TreeSet<>()).add(lon);
                }
            }
        }
        StringBuilder out = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (Iterator<Area> it = areas.iterator(); it.hasNext();) {
            out.append(feature(it.next(), latitudesOnMeridian, longitudesOnParallel)).append(it.hasNext() ? ",\n" : "\n");
        }
        return out.append("]}\n").toString();
    }

    private String feature(Area a, Map<Long, NavigableSet<Long>> latitudesOnMeridian,
            Map<Long, NavigableSet<Long>> longitudesOnParallel) {
        Rect r = a.rect();
        // Counterclockwise (RFC 7946) from the south-west corner. Every corner of a neighbour lying on an edge
        // becomes a vertex too, so neighbours share vertices, not just lines (a clean coverage, no T-junctions).
        List<long[]> ring = new ArrayList<>();
        ring.add(new long[] {r.west(), r.south()});
        longitudesOnParallel.get(r.south()).subSet(r.west(), false, r.east(), false).forEach(lon -> ring.add(new long[] {lon, r.south()}));
        ring.add(new long[] {r.east(), r.south()});
        latitudesOnMeridian.get(r.east()).subSet(r.south(), false, r.north(), false).forEach(lat -> ring.add(new long[] {r.east(), lat}));
        ring.add(new long[] {r.east(), r.north()});
        longitudesOnParallel.get(r.north()).subSet(r.west(), false, r.east(), false).descendingSet().forEach(lon -> ring.add(new long[] {lon, r.north()}));
        ring.add(new long[] {r.west(), r.north()});
        latitudesOnMeridian.get(r.west()).subSet(r.south(), false, r.north(), false).descendingSet().forEach(lat -> ring.add(new long[] {r.west(), lat}));
        ring.add(new long[] {r.west(), r.south()});
        try {
            StringWriter text = new StringWriter();
            try (JsonGenerator g = json.getFactory().createGenerator(text)) {
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeObjectFieldStart("properties");
                g.writeStringField("code", a.code());
                g.writeStringField("name", a.name());
                g.writeStringField("level", a.level().name());
                g.writeStringField("parentCode", a.parentCode());
                g.writeEndObject();
                g.writeObjectFieldStart("geometry");
                g.writeStringField("type", "Polygon");
                g.writeArrayFieldStart("coordinates");
                g.writeStartArray();
                for (long[] point : ring) {
                    g.writeStartArray();
                    g.writeNumber(BigDecimal.valueOf(point[0], 6).toPlainString());
                    g.writeNumber(BigDecimal.valueOf(point[1], 6).toPlainString());
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array with one object a line, so a diff shows which department or rule changed. */
    private String jsonLines(List<ObjectNode> objects) {
        StringBuilder out = new StringBuilder("[\n");
        for (Iterator<ObjectNode> it = objects.iterator(); it.hasNext();) {
            try {
                out.append("  ").append(json.writeValueAsString(it.next())).append(it.hasNext() ? ",\n" : "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.append("]\n").toString();
    }

    private List<String[]> shuffled(List<String[]> names) {
        List<String[]> copy = new ArrayList<>(names);
        Collections.shuffle(copy, random);
        return copy;
    }

    private static Rect withEast(Rect r, long east) {
        return new Rect(r.west(), r.south(), east, r.north());
    }

    private static Rect withWest(Rect r, long west) {
        return new Rect(west, r.south(), r.east(), r.north());
    }

    private static String twoDigits(int n) {
        return String.format("%02d", n);
    }

    private static List<String[]> pairs(String... zhAndPinyin) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < zhAndPinyin.length; i += 2) {
            pairs.add(new String[] {zhAndPinyin[i], zhAndPinyin[i + 1]});
        }
        return List.copyOf(pairs);
    }
}
