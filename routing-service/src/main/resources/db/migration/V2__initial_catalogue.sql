-- The initial catalogue (DESIGN.md section 2). Priorities follow the 12345 hotline classes:
-- P0 danger to life or property, P1 utilities and urgent safety, P2 general matters, P3 suggestions.
-- Dedup radius and window say how close and how recent another report must be to count as the same
-- hazard: a gas leak or flood spreads over a street, a manhole cover is one spot.
INSERT INTO category (code, name_zh, name_en, priority, dedup_radius_m, dedup_window_hours, open311_group, keywords, active, updated_at) VALUES
('FIRE_HAZARD',      '消防安全隐患',   'Fire hazard',                       'P0', 100, 24,  'Safety',         ARRAY['fire','blocked fire lane','e-bike charging','stairwell'], true, '2026-01-01T00:00:00Z'),
('GAS_LEAK',         '燃气泄漏',       'Gas leak',                          'P0', 200, 12,  'Safety',         ARRAY['gas','smell','leak'], true, '2026-01-01T00:00:00Z'),
('ELEVATOR_SAFETY',  '电梯安全',       'Elevator safety',                   'P0', 30,  24,  'Safety',         ARRAY['elevator','lift','trapped'], true, '2026-01-01T00:00:00Z'),
('ROAD_DAMAGE',      '道路破损',       'Road damage',                       'P2', 50,  72,  'Streets',        ARRAY['pothole','road','pavement'], true, '2026-01-01T00:00:00Z'),
('MANHOLE_COVER',    '井盖缺失或损坏', 'Missing or broken manhole cover',   'P1', 20,  48,  'Streets',        ARRAY['manhole','cover','drain'], true, '2026-01-01T00:00:00Z'),
('TRAFFIC_SAFETY',   '交通安全',       'Traffic safety',                    'P1', 80,  24,  'Streets',        ARRAY['traffic light','signal','sign','crossing'], true, '2026-01-01T00:00:00Z'),
('FLOODING',         '积水内涝',       'Flooding',                          'P1', 300, 12,  'Water',          ARRAY['flood','waterlogging','standing water'], true, '2026-01-01T00:00:00Z'),
('STREET_LIGHT',     '路灯故障',       'Street light out',                  'P2', 40,  168, 'Streets',        ARRAY['street light','lamp','dark'], true, '2026-01-01T00:00:00Z'),
('PUBLIC_FACILITY',  '公共设施损坏',   'Damaged public facility',           'P2', 50,  168, 'Public spaces',  ARRAY['bench','railing','bus shelter','bin'], true, '2026-01-01T00:00:00Z'),
('FOOD_SAFETY',      '食品安全',       'Food safety',                       'P1', 30,  72,  'Health',         ARRAY['unlicensed stall','food','hygiene'], true, '2026-01-01T00:00:00Z'),
('ENVIRONMENT',      '生态环境',       'Environment and pollution',         'P2', 150, 72,  'Environment',    ARRAY['pollution','smoke','noise','dumping'], true, '2026-01-01T00:00:00Z'),
('BUILDING_SAFETY',  '房屋安全',       'Building safety',                   'P0', 50,  72,  'Safety',         ARRAY['crack','falling','facade','scaffold'], true, '2026-01-01T00:00:00Z'),
('CITY_APPEARANCE',  '市容环境',       'City appearance',                   'P3', 50,  168, 'Public spaces',  ARRAY['litter','graffiti','illegal advertising','parking'], true, '2026-01-01T00:00:00Z'),
('ACCESS_OBSTACLE',  '配送通行障碍',   'Delivery access obstacle',          'P2', 30,  168, 'Community',      ARRAY['gate','residential complex','delivery access'], true, '2026-01-01T00:00:00Z'),
('CIVIC_SUGGESTION', '民生建议',       'Civic suggestion',                  'P3', 0,   0,   'Community',      ARRAY['suggestion','idea'], true, '2026-01-01T00:00:00Z'),
('OTHER',            '其他',           'Other',                             'P2', 0,   0,   'Other',          ARRAY[]::text[], true, '2026-01-01T00:00:00Z');
